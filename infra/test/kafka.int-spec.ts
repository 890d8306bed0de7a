// Kafka through the CLI on a private instance (one broker start shared by the file), and
// the freshness rule: a mongo start means an empty database, so Kafka must start empty too.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { serverPaths } from '../src/index.ts';
import { PrivateInfra, isRunning, poll } from './private-infra.ts';

let infra: PrivateInfra;
let kafka: Kafka;

const clusterId = (): string =>
  /^cluster\.id=(.+)$/m.exec(readFileSync(join(serverPaths(infra.opts, 'kafka').data, 'log', 'meta.properties'), 'utf8'))?.[1] ?? '';

async function listTopics(): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

async function createTopic(topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })).toBe(true);
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  infra = await PrivateInfra.create();
  kafka = new Kafka({ clientId: 'infra-int-test', brokers: [`127.0.0.1:${infra.ports.kafka}`], logLevel: logLevel.NOTHING });
  await infra.run('up', 'kafka');
});

afterAll(() => infra?.dispose());

describe('kafka', () => {
  it('up kafka gives a broker on the private port: a kafkajs admin creates a topic, a message goes through it', async () => {
    expect(isRunning(infra.pid('kafka')!)).toBe(true);
    await createTopic('infra.roundtrip');
    expect(await listTopics()).toContain('infra.roundtrip');

    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: 'infra-int-test' });
    const received: string[] = [];
    try {
      await producer.connect();
      await producer.send({ topic: 'infra.roundtrip', messages: [{ key: 'k', value: 'hello kafka' }] });
      await consumer.connect();
      await consumer.subscribe({ topic: 'infra.roundtrip', fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.value)) });
      await poll(() => received.length > 0, 'the message to be consumed', 30_000);
      expect(received).toEqual(['hello kafka']);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });

  it('freshness rule: with kafka running and mongo stopped, up restarts kafka on empty data (its topics are gone)', async () => {
    await createTopic('infra.before-mongo');
    const before = { pid: infra.pid('kafka')!, cluster: clusterId() };
    expect(infra.pid('mongo')).toBeUndefined();

    const out = await infra.run('up');

    expect(out).toContain('mongo is not running but kafka is: stopping kafka to restart it on empty data');
    const pid = infra.pid('kafka')!;
    expect(pid).not.toBe(before.pid);
    expect(isRunning(before.pid)).toBe(false);
    expect(isRunning(pid)).toBe(true);
    expect(out).toMatch(new RegExp(`kafka .* healthy in [\\d.]+ s \\(pid ${pid}\\)`));
    expect(clusterId()).not.toBe(before.cluster); // storage formatted anew
    const topics = await listTopics();
    expect(topics).not.toContain('infra.before-mongo');
    expect(topics).not.toContain('infra.roundtrip');
  });

  it('with mongo running, up leaves kafka and its topics alone', async () => {
    await infra.run('up'); // everything runs already (after the test above) or starts now
    await createTopic('infra.mongo-running');
    const pid = infra.pid('kafka')!;

    const out = await infra.run('up');

    expect(out).toContain('everything was already running');
    expect(infra.pid('kafka')).toBe(pid);
    expect(await listTopics()).toContain('infra.mongo-running');
  });
});
