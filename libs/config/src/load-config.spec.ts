import { Test } from '@nestjs/testing';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { baseServiceEnv, httpServiceEnv } from './base-env';
import { APP_CONFIG, ConfigModule, InjectConfig } from './config.module';
import { text } from './env-fields';
import { ConfigError, LOCAL_SECRET_MARKER, loadConfig } from './load-config';

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

    it('accepts real secrets, and placeholders outside production', () => {
      expect(() => loadConfig(schema, { PORT: '1', NODE_ENV: 'production', SMTP_PASSWORD: 'Zq8-long-random-value', SIGNING_SECRET: 'K2!v9-another' })).not.toThrow();
      expect(() => loadConfig(schema, { PORT: '1', NODE_ENV: 'development', SMTP_PASSWORD: 'changeme', SIGNING_SECRET: 'secret' })).not.toThrow();
    });
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
