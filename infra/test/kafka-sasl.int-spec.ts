// Kafka's SASL_SSL listener on a private instance: what production-like clients connect to
// (TLS from a CA of its own, SCRAM or PLAIN), beside the unchanged PLAINTEXT listener.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { kafkaTlsPaths, LOCAL_KAFKA_SASL_USER, serverPaths } from '../src/index.ts';
import { KAFKA_VERSION } from '../src/servers/kafka.ts';
import { PrivateInfra } from './private-infra.ts';

let infra: PrivateInfra;

/** Lists the topics as the local user over SASL_SSL, trusting only the CA file of the state dir. */
async function topicsOverSaslSsl(mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'): Promise<string[]> {
  const sasl = { mechanism, ...LOCAL_KAFKA_SASL_USER } as SASLOptions;
  const kafka = new Kafka({
    clientId: 'infra-sasl-test',
    brokers: [`127.0.0.1:${infra.ports.kafkaSasl}`],
    ssl: { ca: [readFileSync(kafkaTlsPaths(infra.opts).ca, 'utf8')] },
    sasl,
    retry: { retries: 2 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  infra = await PrivateInfra.create();
  await infra.run('up', 'kafka');
});

afterAll(() => infra?.dispose());

describe('kafka SASL_SSL listener', () => {
  it('takes the local user by SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN over TLS; PLAINTEXT serves the same broker as before', async () => {
    const plaintext = new Kafka({ clientId: 'infra-sasl-test', brokers: [`127.0.0.1:${infra.ports.kafka}`], logLevel: logLevel.NOTHING }).admin();
    await plaintext.connect();
    try {
      expect(await plaintext.createTopics({ topics: [{ topic: 'infra.sasl', numPartitions: 1 }], waitForLeaders: true })).toBe(true);
    } finally {
      await plaintext.disconnect();
    }
    for (const mechanism of ['scram-sha-512', 'scram-sha-256', 'plain'] as const) {
      expect(await topicsOverSaslSsl(mechanism)).toContain('infra.sasl');
    }
  });

  it('a data dir formatted without the SCRAM user (before this listener existed) has it after the next up; the CA is kept', async () => {
    const ca = readFileSync(kafkaTlsPaths(infra.opts).ca, 'utf8');
    await infra.run('down', 'kafka');
    const { data, log } = serverPaths(infra.opts, 'kafka');
    rmSync(join(data, 'log'), { recursive: true, force: true });
    rmSync(join(data, 'scram-users'), { force: true });
    // The format the earlier prepare ran: no --add-scram.
    const classpath = join(infra.opts.cache, `kafka-${KAFKA_VERSION}`, 'lib', '*');
    execFileSync(
      'java',
      ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '--standalone', '-t', 'MkU3OEVBNTcwNTJENDM2Qk', '-c', join(data, 'server.properties')],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    expect(existsSync(join(data, 'log', 'meta.properties'))).toBe(true);

    await infra.run('up', 'kafka');

    expect(readFileSync(log, 'utf8')).toContain('kafka.admin.ConfigCommand');
    expect(await topicsOverSaslSsl('scram-sha-512')).toEqual([]);
    expect(await topicsOverSaslSsl('scram-sha-256')).toEqual([]);
    expect(readFileSync(kafkaTlsPaths(infra.opts).ca, 'utf8')).toBe(ca);
  });
});
