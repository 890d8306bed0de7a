import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { baseServiceEnv, httpServiceEnv } from './base-env';
import { APP_CONFIG, ConfigModule, InjectConfig } from './config.module';
import { text } from './env-fields';
import { ConfigError, isSecretVariable, LOCAL_SECRET_MARKER, loadConfig } from './load-config';

const validEnv = {
  PORT: '3001',
  MONGO_URL: 'mongodb://127.0.0.1:27117',
  KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19093',
  JWKS_URI: 'http://127.0.0.1:3003/api/identity/.well-known/jwks.json',
};

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns typed values with defaults applied', () => {
    const config = loadConfig(baseServiceEnv, validEnv);
    expect(config.PORT).toBe(3001);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:19092', '127.0.0.1:19093']);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.NODE_ENV).toBe('development');
    expect(config.JWT_ISSUER).toBe('portico-identity');
    expect(config.MONGO_DB).toBeUndefined();
  });

  it('returns a frozen object, arrays included', () => {
    const config = loadConfig(baseServiceEnv, validEnv);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.KAFKA_BROKERS)).toBe(true);
  });

  it('names every bad variable and its rule in one message', () => {
    const { MONGO_URL: _omitted, ...env } = validEnv;
    const error = configError(() => loadConfig(baseServiceEnv, { ...env, PORT: '70000', LOG_LEVEL: 'loud' }));
    expect(error.message).toContain('Invalid configuration: ');
    expect(error.message).toContain('MONGO_URL is required');
    expect(error.message).toContain('PORT must be an integer between 1 and 65535');
    expect(error.message).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual(['LOG_LEVEL', 'MONGO_URL', 'PORT']);
  });

  it('treats an empty string as unset', () => {
    const error = configError(() => loadConfig(httpServiceEnv, { PORT: '' }));
    expect(error.message).toBe('Invalid configuration: PORT is required');
  });

  it('rejects malformed values', () => {
    const error = configError(() =>
      loadConfig(baseServiceEnv, { ...validEnv, PORT: '30.5', MONGO_URL: 'http://db', KAFKA_BROKERS: ' , ', JWKS_URI: 'not a url' }),
    );
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { variable: 'PORT', rule: 'must be an integer between 1 and 65535' },
        { variable: 'MONGO_URL', rule: 'must be a URL (mongodb, mongodb+srv)' },
        { variable: 'KAFKA_BROKERS', rule: 'must be a comma-separated list with at least one entry' },
        { variable: 'JWKS_URI', rule: 'must be a URL (http, https)' },
      ]),
    );
  });

  it('ignores variables the schema does not declare', () => {
    const config = loadConfig(httpServiceEnv, { PORT: '8080', UNRELATED: 'x' });
    expect(config).not.toHaveProperty('UNRELATED');
  });

  describe('in production', () => {
    const schema = httpServiceEnv.extend({ SMTP_PASSWORD: text(), SIGNING_SECRET: text() });

    it('refuses local placeholder secrets', () => {
      const error = configError(() =>
        loadConfig(schema, { PORT: '1', NODE_ENV: 'production', SMTP_PASSWORD: 'changeme', SIGNING_SECRET: `x-${LOCAL_SECRET_MARKER}-y` }),
      );
      expect(error.issues).toEqual([
        { variable: 'SMTP_PASSWORD', rule: 'must not be a local placeholder secret in production' },
        { variable: 'SIGNING_SECRET', rule: 'must not be a local placeholder secret in production' },
      ]);
    });

    it('tells secrets by name: a token, not a token lifetime', () => {
      expect(
        ['SMTP_PASSWORD', 'S3_SECRET_KEY', 'JWT_PRIVATE_KEY', 'S3_ACCESS_KEY', 'GITHUB_TOKEN', 'KAFKA_SASL_PASSWORD'].filter(isSecretVariable),
      ).toHaveLength(6);
      expect(['ACCESS_TOKEN_TTL_SECONDS', 'REFRESH_TOKEN_TTL_DAYS', 'JWT_PREVIOUS_PUBLIC_KEY', 'PORT'].filter(isSecretVariable)).toEqual([]);
    });

    it('accepts real secrets, and placeholders outside production', () => {
      expect(() =>
        loadConfig(schema, { PORT: '1', NODE_ENV: 'production', SMTP_PASSWORD: 'Zq8-long-random-value', SIGNING_SECRET: 'K2!v9-another' }),
      ).not.toThrow();
      expect(() => loadConfig(schema, { PORT: '1', NODE_ENV: 'development', SMTP_PASSWORD: 'changeme', SIGNING_SECRET: 'secret' })).not.toThrow();
    });
  });
});

describe('loadConfig with NAME_FILE (secrets mounted as files)', () => {
  // API_TOKEN untrimmed, to see exactly what was read.
  const schema = httpServiceEnv.extend({ SMTP_PASSWORD: text(), API_TOKEN: z.string().optional() });
  let dir: string;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'config-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the variable from the file, minus one trailing newline', () => {
    expect(loadConfig(schema, { PORT: '1', SMTP_PASSWORD_FILE: file('smtp', 'Zq8-long\n'), API_TOKEN_FILE: file('token', ' abc\n\n') })).toMatchObject({
      SMTP_PASSWORD: 'Zq8-long',
      API_TOKEN: ' abc\n',
    });
    expect(loadConfig(schema, { PORT: '1', SMTP_PASSWORD: 'x', API_TOKEN_FILE: file('crlf', 'abc\r\n') }).API_TOKEN).toBe('abc');
  });

  it('works for any variable of the schema, not only secrets', () => {
    expect(loadConfig(schema, { PORT_FILE: file('port', '8080\n'), SMTP_PASSWORD: 'x' }).PORT).toBe(8080);
  });

  it('refuses the variable and its file both set, naming both', () => {
    const error = configError(() => loadConfig(schema, { PORT: '1', SMTP_PASSWORD: 'inline', SMTP_PASSWORD_FILE: file('smtp', 'from file') }));
    expect(error.issues).toEqual([{ variable: 'SMTP_PASSWORD', rule: 'and SMTP_PASSWORD_FILE are both set (set only one of them)' }]);
    expect(error.message).toContain('SMTP_PASSWORD and SMTP_PASSWORD_FILE are both set');
  });

  it('names the file variable and the path when the file cannot be used, never a content', () => {
    const missing = join(dir, 'nope');
    const error = configError(() => loadConfig(schema, { PORT: '1', SMTP_PASSWORD_FILE: missing, API_TOKEN_FILE: dir }));
    expect(error.issues).toEqual([
      { variable: 'SMTP_PASSWORD_FILE', rule: `names a file that does not exist (${missing})` },
      { variable: 'API_TOKEN_FILE', rule: `names a directory, not a file (${dir})` },
    ]);
    const empty = file('empty', '\n');
    expect(configError(() => loadConfig(schema, { PORT: '1', SMTP_PASSWORD_FILE: empty })).issues).toEqual([
      { variable: 'SMTP_PASSWORD_FILE', rule: `names an empty file (${empty})` },
    ]);
  });

  it('reports file problems together with the other variables, once per variable', () => {
    const error = configError(() => loadConfig(schema, { SMTP_PASSWORD_FILE: join(dir, 'nope') }));
    expect(error.issues.map((issue) => issue.variable)).toEqual(['SMTP_PASSWORD_FILE', 'PORT']);
  });

  it('validates a value from a file like any other, saying where it came from', () => {
    const error = configError(() => loadConfig(schema, { PORT_FILE: file('port', '70000'), SMTP_PASSWORD: 'x' }));
    expect(error.issues).toEqual([{ variable: 'PORT', rule: 'must be an integer between 1 and 65535 (read from PORT_FILE)' }]);
    expect(error.message).not.toContain('70000');
  });

  it('refuses a placeholder secret from a file in production', () => {
    const env = { PORT: '1', NODE_ENV: 'production', SMTP_PASSWORD_FILE: file('smtp', `x-${LOCAL_SECRET_MARKER}\n`) };
    expect(configError(() => loadConfig(schema, env)).issues).toEqual([
      { variable: 'SMTP_PASSWORD', rule: 'must not be a local placeholder secret in production (read from SMTP_PASSWORD_FILE)' },
    ]);
  });

  it('leaves NAME_FILE alone when the schema declares it as a variable of its own', () => {
    const own = z.object({ CA: text().optional(), CA_FILE: text().optional() });
    expect(loadConfig(own, { CA_FILE: '/etc/ssl/ca.pem' })).toEqual({ CA_FILE: '/etc/ssl/ca.pem' });
  });
});

describe('ConfigModule', () => {
  @Injectable()
  class NeedsConfig {
    constructor(@InjectConfig() readonly config: { GREETING: string }) {}
  }

  it('provides the validated object to @InjectConfig()', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(z.object({ GREETING: text() }), { GREETING: 'hello' })],
      providers: [NeedsConfig],
    }).compile();
    expect(moduleRef.get(NeedsConfig).config).toEqual({ GREETING: 'hello' });
    expect(moduleRef.get(APP_CONFIG)).toBe(moduleRef.get(NeedsConfig).config);
  });

  it('fails fast when the environment is invalid', () => {
    expect(() => ConfigModule.forRoot(z.object({ GREETING: text() }), {})).toThrow('GREETING is required');
  });
});
