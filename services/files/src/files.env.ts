import { baseServiceEnv, flag, port, text } from '@portico/config';
import { eventsEnv } from '@portico/platform';
import { z } from 'zod';
import { S3_MAX_PUT_BYTES, S3_MIN_PART_BYTES } from './files/domain/upload-plan';

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be an integer between ${min} and ${max}` })
    .int({ error: `must be an integer between ${min} and ${max}` })
    .min(min, { error: `must be an integer between ${min} and ${max}` })
    .max(max, { error: `must be an integer between ${min} and ${max}` });

export const filesEnv = baseServiceEnv.extend(eventsEnv.shape).extend({
  // The S3 endpoint (host name, no scheme) the service talks to and presigned URLs point at.
  S3_ENDPOINT: text(),
  S3_PORT: port(),
  S3_USE_SSL: flag().default(false),
  S3_ACCESS_KEY: text(),
  S3_SECRET_KEY: text(),
  // Fixed rather than discovered: presigning then needs no request to the bucket's location.
  S3_REGION: text().default('us-east-1'),
  // Created at boot when missing.
  S3_BUCKET: text().default('portico-files'),
  // Canopy's limit: 4.999 GB per file.
  FILES_MAX_BYTES: integer(1, 5 * 1000 * 1000 * 1000 * 1000).default(4_999_000_000),
  // Larger files are uploaded in parts of this size (grown when 10,000 parts would not hold the file).
  FILES_MULTIPART_THRESHOLD_BYTES: integer(S3_MIN_PART_BYTES, S3_MAX_PUT_BYTES).default(64 * 1024 * 1024),
  // How long a client may rename or delete their own upload.
  FILES_EDIT_WINDOW_SECONDS: integer(0, 30 * 24 * 3600).default(600),
  FILES_PUT_URL_TTL_SECONDS: integer(60, 7 * 24 * 3600).default(15 * 60),
  FILES_GET_URL_TTL_SECONDS: integer(10, 7 * 24 * 3600).default(5 * 60),
});

export type FilesConfig = z.output<typeof filesEnv>;
