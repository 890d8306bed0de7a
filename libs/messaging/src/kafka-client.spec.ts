import { ConfigError } from '@portico/config';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asKafkaConnection, kafkaConnectionConfig, kafkaConnectionFromConfig } from './kafka-client';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kafka-client-spec-'));
  writeFileSync(join(dir, 'ca.pem'), PEM);
  writeFileSync(join(dir, 'not-a-cert.pem'), 'hello');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('kafkaConnectionFromConfig', () => {
  it('is plaintext without authentication by default', () => {
    expect(kafkaConnectionFromConfig({ KAFKA_BROKERS: ['a:9092', 'b:9092'], KAFKA_SSL: false })).toEqual({ brokers: ['a:9092', 'b:9092'] });
  });

  it('trusts the system CAs with KAFKA_SSL alone, and the bundle of KAFKA_SSL_CA_FILE when given', () => {
    expect(kafkaConnectionFromConfig({ KAFKA_BROKERS: ['a:9093'], KAFKA_SSL: true })).toEqual({ brokers: ['a:9093'], ssl: true });
    expect(kafkaConnectionFromConfig({ KAFKA_BROKERS: ['a:9093'], KAFKA_SSL: true, KAFKA_SSL_CA_FILE: join(dir, 'ca.pem') })).toEqual({
      brokers: ['a:9093'],
      ssl: { ca: [PEM] },
    });
  });

  it('authenticates with the configured mechanism and credentials', () => {
    const connection = kafkaConnectionFromConfig({
      KAFKA_BROKERS: ['a:9093'],
      KAFKA_SSL: true,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'clients',
      KAFKA_SASL_PASSWORD: 'Zq8-long-random',
    });
    expect(connection).toEqual({ brokers: ['a:9093'], ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'clients', password: 'Zq8-long-random' } });
  });

  it('names KAFKA_SSL_CA_FILE when the file cannot be read or holds no certificate', () => {
    const missing = join(dir, 'missing.pem');
    expect(configError(() => kafkaConnectionFromConfig({ KAFKA_BROKERS: ['a:9093'], KAFKA_SSL: true, KAFKA_SSL_CA_FILE: missing })).issues).toEqual([
      { variable: 'KAFKA_SSL_CA_FILE', rule: `names a file that cannot be read (${missing}: ENOENT)` },
    ]);
    const notPem = join(dir, 'not-a-cert.pem');
    expect(configError(() => kafkaConnectionFromConfig({ KAFKA_BROKERS: ['a:9093'], KAFKA_SSL: true, KAFKA_SSL_CA_FILE: notPem })).issues).toEqual([
      { variable: 'KAFKA_SSL_CA_FILE', rule: `must name a PEM file holding at least one certificate (${notPem})` },
    ]);
  });

  it('refuses a mechanism without credentials, even from a configuration built by hand', () => {
    expect(configError(() => kafkaConnectionFromConfig({ KAFKA_BROKERS: ['a:9093'], KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'x' })).issues).toEqual(
      [{ variable: 'KAFKA_SASL_PASSWORD', rule: 'is required when KAFKA_SASL_MECHANISM is set' }],
    );
  });

  it('gives every client of one configuration the same connection (the CA file is read once)', () => {
    const config = { KAFKA_BROKERS: ['a:9093'], KAFKA_SSL: true, KAFKA_SSL_CA_FILE: join(dir, 'ca.pem') };
    expect(kafkaConnectionFromConfig(config)).toBe(kafkaConnectionFromConfig(config));
  });
});

describe('kafkaConnectionConfig', () => {
  it('hands kafkajs the connection fields only', () => {
    const options = { brokers: ['a:9093'], ssl: true, sasl: { mechanism: 'plain' as const, username: 'u', password: 'p' }, clientId: 'c', groupId: 'g' };
    expect(kafkaConnectionConfig(options)).toEqual({ brokers: ['a:9093'], ssl: true, sasl: { mechanism: 'plain', username: 'u', password: 'p' } });
    expect(kafkaConnectionConfig({ brokers: ['a:9092'] })).toEqual({ brokers: ['a:9092'] });
  });

  it('reads a bare broker list as plaintext without authentication', () => {
    expect(asKafkaConnection(['a:9092'])).toEqual({ brokers: ['a:9092'] });
    const connection = { brokers: ['a:9093'], ssl: true };
    expect(asKafkaConnection(connection)).toBe(connection);
  });
});
