import { baseServiceEnv, kafkaEnv } from './base-env';
import { ConfigError, loadConfig, type ConfigIssue } from './load-config';

const service = {
  PORT: '3001',
  MONGO_URL: 'mongodb://127.0.0.1:27117',
  KAFKA_BROKERS: 'kafka-0.kafka:9093',
  JWKS_URI: 'http://127.0.0.1:3003/api/identity/.well-known/jwks.json',
};

function issues(env: Record<string, string>, schema: typeof baseServiceEnv | typeof kafkaEnv = baseServiceEnv): ConfigIssue[] {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('Kafka connection variables', () => {
  it('default to plaintext without authentication, creating topics', () => {
    expect(loadConfig(baseServiceEnv, service)).toMatchObject({ KAFKA_SSL: false, KAFKA_TOPICS_CREATE: true });
    const config = loadConfig(baseServiceEnv, service);
    expect(config.KAFKA_SASL_MECHANISM).toBeUndefined();
    expect(config.KAFKA_SSL_CA_FILE).toBeUndefined();
  });

  it('read TLS, SASL and topic creation settings, mechanism in either case', () => {
    const config = loadConfig(baseServiceEnv, {
      ...service,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: '/etc/kafka-ca/ca.crt',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'portico-clients',
      KAFKA_SASL_PASSWORD: 'Zq8-long-random',
      KAFKA_TOPICS_CREATE: 'false',
    });
    expect(config).toMatchObject({
      KAFKA_SSL: true,
      KAFKA_SSL_CA_FILE: '/etc/kafka-ca/ca.crt',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'portico-clients',
      KAFKA_SASL_PASSWORD: 'Zq8-long-random',
      KAFKA_TOPICS_CREATE: false,
    });
  });

  it('need both credentials once a mechanism is set', () => {
    expect(issues({ ...service, KAFKA_SASL_MECHANISM: 'plain' })).toEqual([
      { variable: 'KAFKA_SASL_USERNAME', rule: 'is required when KAFKA_SASL_MECHANISM is set' },
      { variable: 'KAFKA_SASL_PASSWORD', rule: 'is required when KAFKA_SASL_MECHANISM is set' },
    ]);
    expect(issues({ ...service, KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'clients' })).toEqual([
      { variable: 'KAFKA_SASL_PASSWORD', rule: 'is required when KAFKA_SASL_MECHANISM is set' },
    ]);
  });

  it('refuse PLAIN without TLS in production, where it would send the password in clear text', () => {
    const plain = { ...service, NODE_ENV: 'production', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'clients', KAFKA_SASL_PASSWORD: 'Zq8-long-random' };
    expect(issues(plain)).toEqual([
      { variable: 'KAFKA_SASL_MECHANISM', rule: 'plain sends the password in clear text: production needs KAFKA_SSL=true with it' },
    ]);
    expect(issues({ ...plain, KAFKA_SSL: 'true' })).toEqual([]);
    expect(issues({ ...plain, NODE_ENV: 'development' })).toEqual([]);
  });

  it('refuse credentials without a mechanism, which would connect unauthenticated', () => {
    expect(issues({ ...service, KAFKA_SASL_USERNAME: 'clients', KAFKA_SASL_PASSWORD: 'Zq8-long-random' })).toEqual([
      {
        variable: 'KAFKA_SASL_MECHANISM',
        rule: 'is required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set (one of plain, scram-sha-256, scram-sha-512)',
      },
    ]);
  });

  it('name the allowed values for an unknown mechanism', () => {
    expect(issues({ ...service, KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'clients', KAFKA_SASL_PASSWORD: 'Zq8-long-random' })).toEqual([
      { variable: 'KAFKA_SASL_MECHANISM', rule: 'must be one of plain, scram-sha-256, scram-sha-512' },
    ]);
  });

  it('refuse a CA file without KAFKA_SSL, which would connect in clear text', () => {
    expect(issues({ ...service, KAFKA_SSL_CA_FILE: '/etc/kafka-ca/ca.crt' })).toEqual([
      { variable: 'KAFKA_SSL_CA_FILE', rule: 'is only used with KAFKA_SSL=true (set it, or unset KAFKA_SSL_CA_FILE)' },
    ]);
    expect(issues({ ...service, KAFKA_SSL: 'yes' })).toEqual([{ variable: 'KAFKA_SSL', rule: 'must be true or false' }]);
    expect(issues({ ...service, KAFKA_TOPICS_CREATE: 'no' })).toEqual([{ variable: 'KAFKA_TOPICS_CREATE', rule: 'must be true or false' }]);
  });

  it('report the Kafka rules together with every other bad variable', () => {
    const { MONGO_URL: _omitted, ...env } = service;
    expect(
      issues({ ...env, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'clients' })
        .map((issue) => issue.variable)
        .sort(),
    ).toEqual(['KAFKA_SASL_PASSWORD', 'MONGO_URL']);
  });

  it('apply the same rules to kafkaEnv alone and to schemas extended from baseServiceEnv', () => {
    expect(issues({ KAFKA_BROKERS: 'b:9092', KAFKA_SASL_MECHANISM: 'plain' }, kafkaEnv).map((issue) => issue.variable)).toEqual([
      'KAFKA_SASL_USERNAME',
      'KAFKA_SASL_PASSWORD',
    ]);
    const extended = baseServiceEnv.extend({});
    expect(() => loadConfig(extended, { ...service, KAFKA_SASL_PASSWORD: 'Zq8-long-random' })).toThrow('KAFKA_SASL_MECHANISM is required');
  });

  it('refuse a local placeholder SASL password in production', () => {
    expect(
      issues({
        ...service,
        NODE_ENV: 'production',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'portico',
        KAFKA_SASL_PASSWORD: 'kafka-local-dev-only',
      }),
    ).toEqual([{ variable: 'KAFKA_SASL_PASSWORD', rule: 'must not be a local placeholder secret in production' }]);
  });
});
