import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, type INestMicroservice } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { createEvent, deadLetterTopicSpec, defineEvent, type EnvelopeOf, type EventEnvelope } from '@portico/contracts';
import { ensureTopics, EventPublisher, InMemoryProcessedEventStore, KafkaEventServer, KafkaModule, OnEvent } from '@portico/messaging';
import { Kafka, logLevel } from 'kafkajs';
import mongoose, { Schema, type Connection } from 'mongoose';
import { z } from 'zod';
import { OutboxModule } from '../src/outbox.module';
import { OutboxRelay } from '../src/outbox-relay';
import { outboxPlugin, withEvents, type OutboxFields } from '../src/outbox.plugin';
import { testEndpoints, uniqueName, waitFor } from '@portico/testing';

const { kafkaBrokers: KAFKA_BROKERS, mongoUrl: MONGO_URL } = testEndpoints();

const service = uniqueName('outboxtest').replace(/_/g, '-');
const topic = `test.outbox.${uniqueName('account')}.v1`;
const lateTopic = `test.outbox.${uniqueName('late')}.v1`;
const payload = z.object({ accountId: z.string(), step: z.number().int() });
const AccountChanged = defineEvent({ type: 'AccountChanged', version: 1, topic, key: (p) => p.accountId, payload, description: 'test event' });
const LateThing = defineEvent({
  type: 'LateThing',
  version: 1,
  topic: lateTopic,
  key: (p) => p.accountId,
  payload,
  description: 'test event on a topic created late',
});

interface Account extends OutboxFields {
  name: string;
}
const schema = new Schema<Account>({ name: String }, { timestamps: true });
schema.plugin(outboxPlugin);

const received: EventEnvelope[] = [];

@Controller()
class Listener {
  @OnEvent(AccountChanged)
  async changed(event: EnvelopeOf<typeof AccountChanged>): Promise<void> {
    received.push(event);
  }

  @OnEvent(LateThing)
  async late(event: EnvelopeOf<typeof LateThing>): Promise<void> {
    received.push(event);
  }
}

const kafka = new Kafka({ clientId: 'outbox-test', brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
let connection: Connection;
let producerSide: TestingModule;
let consumerSide: INestMicroservice;
let relay: OutboxRelay;
const extraRelays: OutboxRelay[] = [];
const origin = { firmId: 'firm-1', correlationId: 'corr-1' };
const change = (accountId: string, step: number) => createEvent(AccountChanged, { accountId, step }, origin);
const receivedFor = (accountId: string) => received.filter((event) => (event.payload as { accountId: string }).accountId === accountId);
const messageCount = async (name: string) => (await admin.fetchTopicOffsets(name)).reduce((sum, p) => sum + Number(p.high), 0);

beforeAll(async () => {
  connection = await mongoose.createConnection(MONGO_URL, { dbName: uniqueName('test_outbox_relay'), serverSelectionTimeoutMS: 5000 }).asPromise();
  await ensureTopics(KAFKA_BROKERS, [{ name: topic, partitions: 3 }, deadLetterTopicSpec(service)]);
  await admin.connect();

  producerSide = await Test.createTestingModule({
    imports: [
      KafkaModule.forRoot({ brokers: KAFKA_BROKERS, clientId: service, catalogue: [AccountChanged, LateThing] }),
      OutboxModule.forRoot({ pollIntervalMs: 100, batchSize: 5, publishDeadlineMs: 2000, leaseMs: 10_000 }),
    ],
  }).compile();
  await producerSide.init();
  relay = producerSide.get(OutboxRelay);

  const server = new KafkaEventServer({
    brokers: KAFKA_BROKERS,
    clientId: service,
    groupId: service,
    service,
    processedEvents: new InMemoryProcessedEventStore(),
    sessionTimeout: 6000,
  });
  const consumerModule = await Test.createTestingModule({ controllers: [Listener] }).compile();
  consumerSide = consumerModule.createNestMicroservice({ strategy: server });
  // Subscribing needs every handler's topic to exist; the late one is created by a test below.
  await ensureTopics(KAFKA_BROKERS, [{ name: lateTopic, partitions: 1 }]);
  await consumerSide.listen();
});

afterAll(async () => {
  await Promise.all(extraRelays.map((extra) => extra.stop()));
  await consumerSide?.close();
  await producerSide?.close();
  await admin.deleteTopics({ topics: [topic, lateTopic, deadLetterTopicSpec(service).name] }).catch(() => undefined);
  await admin.disconnect();
  await connection.dropDatabase();
  await connection.close();
});

describe('OutboxRelay with MongoDB and Kafka', () => {
  it('delivers the events written with a state change to a consumer, in order, and empties the outbox', async () => {
    const Accounts = connection.model<Account>('Account', schema, 'accounts');
    relay.register(Accounts).start();

    const account = await new Accounts({ name: 'Ada', outbox: [change('acc-1', 1)] }).save();
    await Accounts.updateOne({ _id: account._id }, withEvents({ $set: { name: 'Ada L.' } }, [change('acc-1', 2), change('acc-1', 3)]));
    relay.nudge();

    await waitFor(() => receivedFor('acc-1').length === 3, { description: 'three events of acc-1' });
    expect(receivedFor('acc-1').map((event) => (event.payload as { step: number }).step)).toEqual([1, 2, 3]);
    await waitFor(async () => (await relay.pendingCount()) === 0, { description: 'an empty outbox' });
    const stored = await Accounts.findById(account._id).lean().orFail();
    expect(stored).toMatchObject({ name: 'Ada L.', outbox: [] });
    expect(relay.metrics().published).toBeGreaterThanOrEqual(3);
  });

  it('publishes every event exactly once when two relays share the collection', async () => {
    const Accounts = connection.model<Account>('Account');
    const second = new OutboxRelay(producerSide.get(EventPublisher), { pollIntervalMs: 20, batchSize: 5, publishDeadlineMs: 2000, leaseMs: 10_000 }).register(
      Accounts,
    );
    extraRelays.push(second);
    const before = await messageCount(topic);

    second.start();
    const written = await Accounts.insertMany(Array.from({ length: 40 }, (_, n) => ({ name: `bulk ${n}`, outbox: [change(`bulk-${n}`, 1)] })));
    relay.nudge();

    await waitFor(async () => (await relay.pendingCount()) === 0, { description: 'both relays to drain the outbox' });
    await waitFor(() => written.every((doc) => receivedFor(String(doc.name).replace('bulk ', 'bulk-')).length === 1), {
      description: 'all 40 events at the consumer',
    });
    await expect(messageCount(topic)).resolves.toBe(before + 40);
    expect(second.metrics().published).toBeGreaterThan(0);
    await second.stop();
  });

  it('keeps events whose publication fails (topic missing) and publishes them once Kafka can take them', async () => {
    const Waiting = connection.model<Account>('Waiting', schema, 'waiting');
    const doc = await new Waiting({ name: 'early', outbox: [createEvent(LateThing, { accountId: 'late-1', step: 1 }, origin)] }).save();
    const missing = `test.outbox.${uniqueName('missing')}.v1`;
    const Misrouted = defineEvent({ ...LateThing, topic: missing });
    const failingPublisher = new EventPublisher({ brokers: KAFKA_BROKERS, clientId: service, catalogue: [Misrouted], publishDeadlineMs: 500 });
    const failing = new OutboxRelay(failingPublisher, { publishDeadlineMs: 500, leaseMs: 5000, pollIntervalMs: 50 }).register(Waiting);
    try {
      await expect(failing.tick()).rejects.toThrow();
      const stored = await Waiting.findById(doc._id).lean().orFail();
      expect(stored.outbox).toHaveLength(1);
      expect(stored.outboxLeaseOwner).toBeUndefined();
    } finally {
      await failingPublisher.onApplicationShutdown();
    }

    const healthy = new OutboxRelay(producerSide.get(EventPublisher), { pollIntervalMs: 50, publishDeadlineMs: 2000, leaseMs: 10_000 }).register(Waiting);
    extraRelays.push(healthy);
    healthy.start();
    await waitFor(() => receivedFor('late-1').length === 1, { description: 'the kept event at the consumer' });
    await expect(healthy.pendingCount()).resolves.toBe(0);
  });
});
