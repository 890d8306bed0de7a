import { baseServiceEnv, flag, port, text, url } from '@portico/config';
import { eventsEnv } from '@portico/platform';
import { z } from 'zod';
import { S3_MAX_PUT_BYTES, S3_MIN_PART_BYTES } from './files/domain/upload-plan';

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be an integer between ${min} and ${max}` })
    .int({ error: `must be an integer between ${min} and ${max}` })
    .min(min, { error: `must be an integer between ${min} and ${max}` })
    .max(max, { error: `must be an integer between ${min} and ${max}` });

/** An http(s) origin: scheme, host and optional port; S3 signs paths, so a prefix could not be kept. */
const origin = () =>
  url('http', 'https')
    .refine(
      (value) => {
        // Not a URL at all is url()'s issue.
        const parsed = URL.parse(value);
        return !parsed || (parsed.pathname === '/' && !parsed.search && !parsed.hash && !parsed.username && !parsed.password);
      },
      { error: 'must be an http(s) origin: scheme, host and optional port, no path, query or credentials' },
    )
    .transform((value) => new URL(value).origin);

export const filesEnv = baseServiceEnv.extend(eventsEnv.shape).extend({
  S3_ENDPOINT: text().describe('Host name (no scheme) of the S3 API the service talks to, e.g. `minio.storage.svc` or `s3.eu-west-1.amazonaws.com`.'),
  S3_PORT: port().describe('Port of S3_ENDPOINT (443 for AWS).'),
  S3_USE_SSL: flag().default(false).describe('Talk to S3_ENDPOINT over TLS (https).'),
  S3_PUBLIC_URL: origin()
    .optional()
    .describe(
      'Origin that browsers reach S3 at (e.g. `https://files.example.com`): presigned GET/PUT/part URLs point at it, while the service itself ' +
        'talks to S3_ENDPOINT. Unset: the URLs point at S3_ENDPOINT.',
    ),
  S3_PATH_STYLE: flag()
    .default(true)
    .describe('Path-style URLs (`host/bucket/key`). false: virtual-hosted (`bucket.host/key`), as AWS prefers; the host must then resolve per bucket.'),
  S3_ACCESS_KEY: text().describe('Access key id for S3.'),
  S3_SECRET_KEY: text().describe('Secret key for S3.'),
  S3_REGION: text()
    .default('us-east-1')
    .describe('Region that requests and presigned URLs are signed for. Fixed rather than discovered: presigning needs no request to S3.'),
  S3_BUCKET: text().default('portico-files').describe('Bucket of all files; created at boot when missing (in S3_REGION).'),
  FILES_MAX_BYTES: integer(1, 5 * 1000 * 1000 * 1000 * 1000)
    .default(4_999_000_000)
    .describe('Largest file accepted (the product limit is 4.999 GB).'),
  FILES_MULTIPART_THRESHOLD_BYTES: integer(S3_MIN_PART_BYTES, S3_MAX_PUT_BYTES)
    .default(64 * 1024 * 1024)
    .describe('Larger files are uploaded in parts of this size (grown when 10,000 parts would not hold the file).'),
  FILES_EDIT_WINDOW_SECONDS: integer(0, 30 * 24 * 3600)
    .default(600)
    .describe('How long a client may rename or delete their own upload.'),
  FILES_PUT_URL_TTL_SECONDS: integer(60, 7 * 24 * 3600)
    .default(15 * 60)
    .describe('Validity of presigned upload (PUT and part) URLs.'),
  FILES_GET_URL_TTL_SECONDS: integer(10, 7 * 24 * 3600)
    .default(5 * 60)
    .describe('Validity of presigned download URLs.'),
});

export type FilesConfig = z.output<typeof filesEnv>;
