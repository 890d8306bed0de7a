import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEvent, defineEvent } from '@portico/contracts';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { z } from 'zod';
import { ensureTopics } from '../src/ensure-topics';
import { EventPublisher, UnknownEventError } from '../src/event-publisher';
import { checkKafka } from '../src/kafka-health';
import { testEndpoints, uniqueName, waitFor } from '@portico/testing';

const { kafkaBrokers: KAFKA_BROKERS } = testEndpoints();

const topic = `test.messaging.${uniqueName('publishing')}.v1`;
const OrderPlaced = defineEvent({
  type: 'OrderPlaced',
  version: 1,
  topic,
  key: (p) => p.orderId,
  payload: z.object({ orderId: z.string(), line: z.number().int() }),
  description: 'test event',
});

const kafka = new Kafka({ clientId: 'publishing-test', brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
let publisher: EventPublisher;

beforeAll(async () => {
  await admin.connect();
  publisher = new EventPublisher({ brokers: KAFKA_BROKERS, clientId: 'publishing-test', catalogue: [OrderPlaced] });
});

afterAll(async () => {
  await publisher.onApplicationShutdown();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe('ensureTopics', () => {
  it('creates missing topics with their declared partitions, and is idempotent', async () => {
    await expect(ensureTopics(KAFKA_BROKERS, [{ name: topic, partitions: 3 }])).resolves.toEqual({ created: [topic], existing: [] });
    await expect(ensureTopics(KAFKA_BROKERS, [{ name: topic, partitions: 3 }])).resolves.toEqual({ created: [], existing: [topic] });
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(topics[0].partitions).toHaveLength(3);
    expect(topics[0].partitions.every((partition) => partition.leader >= 0)).toBe(true);
  });
});

describe('EventPublisher against the broker', () => {
  it('publishes validated events keyed by aggregate, in order, with routing headers', async () => {
    const origin = { firmId: 'firm-1', correlationId: 'corr-1' };
    const events = [
      createEvent(OrderPlaced, { orderId: 'o-1', line: 1 }, origin),
      createEvent(OrderPlaced, { orderId: 'o-2', line: 1 }, origin),
      createEvent(OrderPlaced, { orderId: 'o-1', line: 2 }, origin),
      createEvent(OrderPlaced, { orderId: 'o-1', line: 3 }, origin),
    ];
    await publisher.publish(events);

    const received = await readAll(topic, 4);
    const forO1 = received.filter((r) => r.message.key?.toString() === 'o-1');
    expect(new Set(forO1.map((r) => r.partition)).size).toBe(1);
    expect(forO1.map((r) => JSON.parse(String(r.message.value)).payload.line)).toEqual([1, 2, 3]);
    const first = received.find((r) => JSON.parse(String(r.message.value)).id === events[0].id);
    expect(JSON.parse(String(first?.message.value))).toEqual(events[0]);
    expect(Object.fromEntries(Object.entries(first?.message.headers ?? {}).map(([name, value]) => [name, String(value)]))).toEqual({
      'event-type': 'OrderPlaced',
      'event-version': '1',
      'event-id': events[0].id,
      'correlation-id': 'corr-1',
    });
  });

  it('sends nothing when one envelope of the batch is not in its catalogue', async () => {
    const before = await messageCount(topic);
    const good = createEvent(OrderPlaced, { orderId: 'o-3', line: 1 }, { firmId: 'f', correlationId: 'c' });
    await expect(publisher.publish([good, { ...good, type: 'OrderLost' }])).rejects.toThrow(UnknownEventError);
    await expect(messageCount(topic)).resolves.toBe(before);
  });

  it('refuses to publish to a topic that was never created (no auto-creation) within its deadline', async () => {
    const Orphan = defineEvent({
      type: 'Orphan',
      version: 1,
      topic: `test.messaging.${uniqueName('missing')}.v1`,
      key: () => 'k',
      payload: z.object({}),
      description: 'test',
    });
    const strict = new EventPublisher({ brokers: KAFKA_BROKERS, clientId: 'publishing-test', catalogue: [Orphan], publishDeadlineMs: 1500 });
    try {
      const started = Date.now();
      await expect(strict.publish([createEvent(Orphan, {}, { firmId: 'f', correlationId: 'c' })])).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      await strict.onApplicationShutdown();
    }
  });
});

describe('checkKafka', () => {
  it('reports a reachable cluster as up', async () => {
    await expect(checkKafka(KAFKA_BROKERS)).resolves.toMatchObject({ status: 'up', brokers: 1 });
  });

  it('reports an unreachable broker as down within about 3 seconds', async () => {
    const started = Date.now();
    const health = await checkKafka(['127.0.0.1:1'], 3000);
    expect(health.status).toBe('down');
    expect(health).toHaveProperty('reason', expect.stringMatching(/ECONNREFUSED|Connection|answer/i));
    expect(Date.now() - started).toBeLessThan(3500);
  });
});

async function messageCount(name: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(name);
  return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
}

async function readAll(name: string, count: number): Promise<{ partition: number; message: KafkaMessage }[]> {
  const consumer: Consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 500 });
  const received: { partition: number; message: KafkaMessage }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: name, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ partition, message }) => void received.push({ partition, message }) });
  try {
    await waitFor(() => received.length >= count, { description: `${count} messages on ${name}` });
    return received;
  } finally {
    await consumer.disconnect();
  }
}
