import { ConfigError, loadConfig } from '@portico/config';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityEnv, signingKeyPem } from './identity.env';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const base = {
  PORT: '3003',
  MONGO_URL: 'mongodb://127.0.0.1:27117',
  KAFKA_BROKERS: '127.0.0.1:19092',
  JWKS_URI: 'http://127.0.0.1:3003/api/identity/.well-known/jwks.json',
  JWT_KEY_ID: 'key-1',
};

function issues(env: Record<string, string>) {
  try {
    loadConfig(identityEnv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('identityEnv', () => {
  it('accepts the key inline, with escaped newlines as one-line env files have them', () => {
    const config = loadConfig(identityEnv, { ...base, JWT_PRIVATE_KEY: pem.replace(/\n/g, '\\n') });
    expect(signingKeyPem(config)).toBe(pem);
    expect(config.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
  });

  it('accepts a key file and reads it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'identity-env-'));
    try {
      const file = join(dir, 'jwt.pem');
      writeFileSync(file, pem);
      expect(signingKeyPem(loadConfig(identityEnv, { ...base, JWT_PRIVATE_KEY_FILE: file }))).toBe(pem);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs exactly one of the key and the key file', () => {
    expect(issues(base)).toEqual([{ variable: 'JWT_PRIVATE_KEY', rule: 'or JWT_PRIVATE_KEY_FILE must be set (exactly one of them)' }]);
    expect(issues({ ...base, JWT_PRIVATE_KEY: pem, JWT_PRIVATE_KEY_FILE: '/x' })).toHaveLength(1);
  });

  it('names the variable whose key is unusable', () => {
    expect(issues({ ...base, JWT_PRIVATE_KEY_FILE: '/nonexistent/jwt.pem' })).toEqual([
      { variable: 'JWT_PRIVATE_KEY_FILE', rule: 'must hold (or name a readable file holding) a PEM RSA private key of at least 2048 bits' },
    ]);
    expect(issues({ ...base, JWT_PRIVATE_KEY: 'not a key' })[0].variable).toBe('JWT_PRIVATE_KEY');
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(issues({ ...base, JWT_PRIVATE_KEY: weak })[0].variable).toBe('JWT_PRIVATE_KEY');
  });

  it('requires the key id', () => {
    const { JWT_KEY_ID: _omitted, ...env } = base;
    expect(issues({ ...env, JWT_PRIVATE_KEY: pem })).toEqual([{ variable: 'JWT_KEY_ID', rule: 'is required' }]);
  });

  it('reports a missing key together with the other problems', () => {
    const { JWT_KEY_ID: _omitted, ...env } = base;
    expect(issues(env).map((issue) => issue.variable).sort()).toEqual(['JWT_KEY_ID', 'JWT_PRIVATE_KEY']);
  });
});
