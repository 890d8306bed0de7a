import { ConfigError, loadConfig } from '@portico/config';
import { filesEnv } from './files.env';

const env = {
  PORT: '3004',
  MONGO_URL: 'mongodb://127.0.0.1:27117',
  KAFKA_BROKERS: '127.0.0.1:19092',
  JWKS_URI: 'http://127.0.0.1:3003/api/identity/.well-known/jwks.json',
  S3_ENDPOINT: '127.0.0.1',
  S3_PORT: '17070',
  S3_ACCESS_KEY: 'AKIAEXAMPLE',
  S3_SECRET_KEY: 'Zq8-example-secret',
};

function issues(extra: Record<string, string>) {
  try {
    loadConfig(filesEnv, { ...env, ...extra });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('filesEnv', () => {
  it('defaults to presigned URLs on the S3 endpoint, path-style, us-east-1', () => {
    const config = loadConfig(filesEnv, env);
    expect(config).toMatchObject({ S3_PATH_STYLE: true, S3_REGION: 'us-east-1', S3_USE_SSL: false });
    expect(config.S3_PUBLIC_URL).toBeUndefined();
  });

  it('takes S3_PUBLIC_URL as an http(s) origin, and S3_PATH_STYLE as a flag', () => {
    const config = loadConfig(filesEnv, { ...env, S3_PUBLIC_URL: 'https://Files.Example.com:8443/', S3_PATH_STYLE: 'false' });
    expect(config.S3_PUBLIC_URL).toBe('https://files.example.com:8443');
    expect(config.S3_PATH_STYLE).toBe(false);
  });

  it('refuses a public URL with a path, credentials or another scheme, naming the rule', () => {
    const rule = 'must be an http(s) origin: scheme, host and optional port, no path, query or credentials';
    expect(issues({ S3_PUBLIC_URL: 'https://files.example.com/s3' })).toEqual([{ variable: 'S3_PUBLIC_URL', rule }]);
    expect(issues({ S3_PUBLIC_URL: 'https://user:pw@files.example.com' })).toEqual([{ variable: 'S3_PUBLIC_URL', rule }]);
    expect(issues({ S3_PUBLIC_URL: 'files.example.com' })).toEqual([{ variable: 'S3_PUBLIC_URL', rule: 'must be a URL (http, https)' }]);
    expect(issues({ S3_PUBLIC_URL: 'ftp://files.example.com' })).toEqual([{ variable: 'S3_PUBLIC_URL', rule: 'must be a URL (http, https)' }]);
    expect(issues({ S3_PATH_STYLE: 'maybe' })).toEqual([{ variable: 'S3_PATH_STYLE', rule: 'must be true or false' }]);
  });
});
