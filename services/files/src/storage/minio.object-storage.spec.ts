import { loadConfig } from '@portico/config';
import { filesEnv } from '../files.env';
import { MinioObjectStorage } from './minio.object-storage';

// Presigning only: a fixed region means no request to S3, so these run without a server
// (the integration tests upload through such URLs on the real local S3).
const env = {
  PORT: '3004',
  MONGO_URL: 'mongodb://127.0.0.1:27117',
  KAFKA_BROKERS: '127.0.0.1:19092',
  JWKS_URI: 'http://127.0.0.1:3003/api/identity/.well-known/jwks.json',
  S3_ENDPOINT: 'minio.storage.svc',
  S3_PORT: '9000',
  S3_ACCESS_KEY: 'AKIAEXAMPLE',
  S3_SECRET_KEY: 'Zq8-example-secret',
  S3_BUCKET: 'portico-files',
};
const storage = (extra: Record<string, string> = {}) => new MinioObjectStorage(loadConfig(filesEnv, { ...env, ...extra }));
const KEY = 'firms/f1/clients/c1/file1';
const response = { contentType: 'application/pdf', contentDisposition: 'attachment; filename="a.pdf"' };

describe('presigned URLs', () => {
  it('point at the S3 endpoint, path-style, when no public URL is set', async () => {
    const url = new URL(await storage().presignPut(KEY, 900));
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(`http://minio.storage.svc:9000/portico-files/${KEY}`);
  });

  it('point at S3_PUBLIC_URL for every kind of URL browsers get, signed for that host and the configured region', async () => {
    const files = storage({ S3_PUBLIC_URL: 'https://files.example.com/', S3_REGION: 'eu-west-1' });
    const urls = [await files.presignPut(KEY, 900), await files.presignPart(KEY, 'upload-1', 2, 900), await files.presignGet(KEY, 300, response)].map(
      (u) => new URL(u),
    );
    for (const url of urls) {
      expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(`https://files.example.com/portico-files/${KEY}`);
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIAEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request$/);
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    }
    expect(urls[1].searchParams.get('partNumber')).toBe('2');
    expect(urls[1].searchParams.get('uploadId')).toBe('upload-1');
    expect(urls[2].searchParams.get('response-content-disposition')).toBe(response.contentDisposition);
  });

  it('keep a port of the public URL', async () => {
    const url = new URL(await storage({ S3_PUBLIC_URL: 'http://localhost:17070' }).presignPut(KEY, 900));
    expect(url.host).toBe('localhost:17070');
    expect(url.protocol).toBe('http:');
  });

  it('name the bucket in the host when S3_PATH_STYLE is false (virtual-hosted, as AWS prefers)', async () => {
    const url = new URL(
      await storage({ S3_PUBLIC_URL: 'https://s3.eu-west-1.amazonaws.com', S3_REGION: 'eu-west-1', S3_PATH_STYLE: 'false' }).presignGet(KEY, 300, response),
    );
    expect(`${url.host}${url.pathname}`).toBe(`portico-files.s3.eu-west-1.amazonaws.com/${KEY}`);
  });
});
