import { ConfigError, loadConfig } from '@portico/config';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityEnv } from './identity.env';

const keyPair = (modulusLength = 2048) => generateKeyPairSync('rsa', { modulusLength });
const { privateKey, publicKey } = keyPair();
const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const previous = keyPair();
const previousPublic = previous.publicKey.export({ format: 'pem', type: 'spki' }).toString();
const base = {
  PORT: '3003',
  MONGO_URL: 'mongodb://127.0.0.1:27117',
  KAFKA_BROKERS: '127.0.0.1:19092',
  JWKS_URI: 'http://127.0.0.1:3003/api/identity/.well-known/jwks.json',
  JWT_KEY_ID: 'key-2',
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
    expect(config.JWT_PRIVATE_KEY).toBe(pem.trim());
    expect(config.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
  });

  it('reads the key from JWT_PRIVATE_KEY_FILE (a mounted secret), as it always did', () => {
    const dir = mkdtempSync(join(tmpdir(), 'identity-env-'));
    try {
      const file = join(dir, 'jwt.pem');
      writeFileSync(file, pem);
      expect(loadConfig(identityEnv, { ...base, JWT_PRIVATE_KEY_FILE: file }).JWT_PRIVATE_KEY).toBe(pem.trim());
      expect(issues({ ...base, JWT_PRIVATE_KEY: pem, JWT_PRIVATE_KEY_FILE: file })).toEqual([
        { variable: 'JWT_PRIVATE_KEY', rule: 'and JWT_PRIVATE_KEY_FILE are both set (set only one of them)' },
      ]);
      writeFileSync(file, 'not a key\n');
      expect(issues({ ...base, JWT_PRIVATE_KEY_FILE: file })).toEqual([
        { variable: 'JWT_PRIVATE_KEY', rule: 'must be a PEM RSA private key of at least 2048 bits (read from JWT_PRIVATE_KEY_FILE)' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('requires the key, naming the variable whose key is unusable', () => {
    expect(issues(base)).toEqual([{ variable: 'JWT_PRIVATE_KEY', rule: 'is required' }]);
    expect(issues({ ...base, JWT_PRIVATE_KEY_FILE: '/nonexistent/jwt.pem' })).toEqual([
      { variable: 'JWT_PRIVATE_KEY_FILE', rule: 'names a file that does not exist (/nonexistent/jwt.pem)' },
    ]);
    expect(issues({ ...base, JWT_PRIVATE_KEY: 'not a key' })).toEqual([
      { variable: 'JWT_PRIVATE_KEY', rule: 'must be a PEM RSA private key of at least 2048 bits' },
    ]);
    const weak = keyPair(1024).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(issues({ ...base, JWT_PRIVATE_KEY: weak })[0].variable).toBe('JWT_PRIVATE_KEY');
    // A public key cannot sign.
    expect(issues({ ...base, JWT_PRIVATE_KEY: publicKey.export({ format: 'pem', type: 'spki' }).toString() })[0].variable).toBe('JWT_PRIVATE_KEY');
  });

  it('requires the key id', () => {
    const { JWT_KEY_ID: _omitted, ...env } = base;
    expect(issues({ ...env, JWT_PRIVATE_KEY: pem })).toEqual([{ variable: 'JWT_KEY_ID', rule: 'is required' }]);
  });

  it('reports a missing key together with the other problems', () => {
    const { JWT_KEY_ID: _omitted, ...env } = base;
    expect(
      issues(env)
        .map((issue) => issue.variable)
        .sort(),
    ).toEqual(['JWT_KEY_ID', 'JWT_PRIVATE_KEY']);
  });

  describe('the previous key (rotation)', () => {
    const rotated = { ...base, JWT_PRIVATE_KEY: pem, JWT_PREVIOUS_PUBLIC_KEY: previousPublic, JWT_PREVIOUS_KEY_ID: 'key-1' };

    it('accepts a public key PEM or a private key PEM with its own key id', () => {
      expect(loadConfig(identityEnv, rotated)).toMatchObject({ JWT_PREVIOUS_KEY_ID: 'key-1', JWT_PREVIOUS_PUBLIC_KEY: previousPublic.trim() });
      const privatePem = previous.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
      expect(issues({ ...rotated, JWT_PREVIOUS_PUBLIC_KEY: privatePem.replace(/\n/g, '\\n') })).toEqual([]);
    });

    it('needs both the key and its id, or neither', () => {
      const { JWT_PREVIOUS_KEY_ID: _id, ...withoutId } = rotated;
      expect(issues(withoutId)).toEqual([{ variable: 'JWT_PREVIOUS_KEY_ID', rule: 'is required when JWT_PREVIOUS_PUBLIC_KEY is set' }]);
      const { JWT_PREVIOUS_PUBLIC_KEY: _key, ...withoutKey } = rotated;
      expect(issues(withoutKey)).toEqual([{ variable: 'JWT_PREVIOUS_PUBLIC_KEY', rule: 'is required when JWT_PREVIOUS_KEY_ID is set' }]);
    });

    it('refuses the current key id, and a key that is not RSA of 2048 bits', () => {
      expect(issues({ ...rotated, JWT_PREVIOUS_KEY_ID: 'key-2' })).toEqual([
        { variable: 'JWT_PREVIOUS_KEY_ID', rule: 'must differ from JWT_KEY_ID (verifiers find keys by id)' },
      ]);
      expect(issues({ ...rotated, JWT_PREVIOUS_PUBLIC_KEY: 'garbage' })).toEqual([
        { variable: 'JWT_PREVIOUS_PUBLIC_KEY', rule: 'must be a PEM RSA public (or private) key of at least 2048 bits' },
      ]);
      const weak = keyPair(1024).publicKey.export({ format: 'pem', type: 'spki' }).toString();
      expect(issues({ ...rotated, JWT_PREVIOUS_PUBLIC_KEY: weak })[0].variable).toBe('JWT_PREVIOUS_PUBLIC_KEY');
    });
  });
});
