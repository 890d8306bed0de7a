import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionFromEnv, main } from './cli';
import type { Io } from './commands';

function terminal() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (line) => out.push(line), err: (line) => err.push(line), interactive: false, confirm: async () => false, now: () => new Date() };
  return { io, out, err };
}

describe('the command line', () => {
  it('prints help, for the tool and for each command, with status 0', async () => {
    const { io, out } = terminal();
    await expect(main(['--help'], {}, io)).resolves.toBe(0);
    await expect(main(['show', '--help'], {}, io)).resolves.toBe(0);
    expect(out[0]).toMatch(/^usage: dlq <command> <service>/);
    expect(out[1]).toMatch(/^usage: dlq show <service> <dlt-offset>/);
  });

  it('exits 2 on a usage error, pointing at the help', async () => {
    const { io, err } = terminal();
    await expect(main(['replay', 'invitations'], {}, io)).resolves.toBe(2);
    expect(err).toEqual(['dlq: missing <dlt-offset>... or --all', 'run `dlq replay --help` for usage']);
  });

  it('exits 1 naming the variable when the Kafka settings are wrong, before connecting', async () => {
    const { io, err } = terminal();
    await expect(main(['list', 'invitations'], {}, io)).resolves.toBe(1);
    expect(err).toEqual(['dlq: Invalid configuration: KAFKA_BROKERS is required']);
    const sasl = terminal();
    await expect(
      main(['list', 'invitations'], { KAFKA_BROKERS: 'kafka:9093', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'ops' }, sasl.io),
    ).resolves.toBe(1);
    expect(sasl.err).toEqual(['dlq: Invalid configuration: KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is set']);
  });
});

describe('connectionFromEnv', () => {
  it('connects as the services do: brokers, TLS, SASL (secrets from files too)', () => {
    expect(connectionFromEnv({ KAFKA_BROKERS: 'a:9092,b:9092' })).toEqual({ brokers: ['a:9092', 'b:9092'] });
    expect(
      connectionFromEnv({
        KAFKA_BROKERS: 'a:9093',
        KAFKA_SSL: 'true',
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        KAFKA_SASL_USERNAME: 'ops',
        KAFKA_SASL_PASSWORD: 'Zq8-long-random',
      }),
    ).toEqual({
      brokers: ['a:9093'],
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'ops', password: 'Zq8-long-random' },
    });
    const file = join(mkdtempSync(join(tmpdir(), 'dlq-')), 'password');
    writeFileSync(file, 'from-a-file\n');
    expect(
      connectionFromEnv({
        KAFKA_BROKERS: 'a:9093',
        KAFKA_SSL: 'true',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'ops',
        KAFKA_SASL_PASSWORD_FILE: file,
      }).sasl,
    ).toEqual({
      mechanism: 'plain',
      username: 'ops',
      password: 'from-a-file',
    });
  });
});
