import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Inject, type INestMicroservice } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createEvent, deadLetterTopicSpec, defineEvent, type EnvelopeOf } from '@portico/contracts';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { z } from 'zod';
import { ensureTopics } from '../src/ensure-topics';
import { EventPublisher, toKafkaMessage } from '../src/event-publisher';
import { KafkaEventServer } from '../src/kafka-event-server';
import { currentMessageContext } from '../src/message-context';
import { OnEvent } from '../src/on-event';
import { MongoProcessedEventStore } from '../src/processed-event-store';
import { testEndpoints, uniqueName, waitFor } from '@portico/testing';

const { kafkaBrokers: KAFKA_BROKERS, mongoUrl: MONGO_URL } = testEndpoints();

const service = uniqueName('msgtest').replace(/_/g, '-');
const dlt = deadLetterTopicSpec(service);
const topic = `test.messaging.${uniqueName('server')}.v1`;
const ItemTouched = defineEvent({
  type: 'ItemTouched',
  version: 1,
  topic,
  key: (p) => p.itemId,
  payload: z.object({ itemId: z.string(), mode: z.enum(['ok', 'explode', 'slow']) }),
  description: 'test event',
});

const MONGO = Symbol('MONGO');
// What the handler saw: every invocation, to tell "handled once" from "handled, then deduped".
const invocations: { itemId: string; eventId: string; attempt: number }[] = [];
const slow = { started: false, finished: false };

@Controller()
class ItemHandlers {
  constructor(@Inject(MONGO) private readonly connection: Connection) {}

  @OnEvent(ItemTouched)
  async touched(event: EnvelopeOf<typeof ItemTouched>): Promise<void> {
    invocations.push({ itemId: event.payload.itemId, eventId: event.id, attempt: currentMessageContext()?.attempt ?? 0 });
    if (event.payload.mode === 'explode') throw new Error(`item ${event.payload.itemId} is cursed`);
    if (event.payload.mode === 'slow') {
      slow.started = true;
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the work a shutdown must wait for
      slow.finished = true;
    }
    await this.connection.collection<{ _id: string; n: number }>('counters').updateOne({ _id: event.payload.itemId }, { $inc: { n: 1 } }, { upsert: true });
  }
}

const kafka = new Kafka({ clientId: 'server-test', brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const raw = kafka.producer();
let connection: Connection;
let publisher: EventPublisher;
let app: INestMicroservice | undefined;
let dltReader: Consumer;
const deadLetters: KafkaMessage[] = [];

async function startApp(): Promise<INestMicroservice> {
  const server = new KafkaEventServer({
    brokers: KAFKA_BROKERS,
    clientId: service,
    groupId: service,
    service,
    processedEvents: new MongoProcessedEventStore(connection),
    maxAttempts: 3,
    backoff: { initialMs: 50, maxMs: 200 },
    sessionTimeout: 6000,
    heartbeatInterval: 1000,
  });
  const moduleRef = await Test.createTestingModule({ controllers: [ItemHandlers], providers: [{ provide: MONGO, useValue: connection }] }).compile();
  const microservice = moduleRef.createNestMicroservice({ strategy: server });
  await microservice.listen();
  return microservice;
}

const origin = { firmId: 'firm-1', correlationId: 'corr-1' };
const touch = (itemId: string, mode: 'ok' | 'explode' | 'slow' = 'ok') => createEvent(ItemTouched, { itemId, mode }, origin);
const count = async (itemId: string) => (await connection.collection<{ _id: string; n: number }>('counters').findOne({ _id: itemId }))?.n ?? 0;
const handled = (itemId: string) => waitFor(async () => (await count(itemId)) > 0, { description: `${itemId} handled` });
const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();

beforeAll(async () => {
  connection = await mongoose.createConnection(MONGO_URL, { dbName: uniqueName('test_messaging'), serverSelectionTimeoutMS: 5000 }).asPromise();
  await ensureTopics(KAFKA_BROKERS, [{ name: topic, partitions: 2 }, dlt]);
  await Promise.all([admin.connect(), raw.connect()]);
  publisher = new EventPublisher({ brokers: KAFKA_BROKERS, clientId: 'server-test', catalogue: [ItemTouched] });
  dltReader = kafka.consumer({ groupId: uniqueName('dlt-reader'), maxWaitTimeInMs: 500 });
  await dltReader.connect();
  await dltReader.subscribe({ topic: dlt.name, fromBeginning: true });
  await dltReader.run({ eachMessage: async ({ message }) => void deadLetters.push(message) });
  app = await startApp();
});

afterAll(async () => {
  await app?.close();
  await dltReader.disconnect();
  await publisher.onApplicationShutdown();
  await raw.disconnect();
  await admin.deleteTopics({ topics: [topic, dlt.name] }).catch(() => undefined);
  await admin.disconnect();
  await connection.dropDatabase();
  await connection.close();
});

describe('KafkaEventServer on the broker', () => {
  it('hands a published event to its @OnEvent handler', async () => {
    await publisher.publish([touch('plain')]);
    await handled('plain');
    await expect(count('plain')).resolves.toBe(1);
  });

  it('dead-letters a message that breaks the contract at once, and handles the next one on the partition', async () => {
    const poison = { ...touch('poisoned'), payload: { itemId: 'poisoned', mode: 'dance' } };
    await raw.send({ topic, messages: [toKafkaMessage(poison), toKafkaMessage(touch('poisoned'))].map((m) => ({ ...m, key: 'same-key' })) });
    // Both on one partition (same key): the second is only reached if the first is settled.
    await handled('poisoned');

    const letter = await waitFor(() => deadLetters.find((m) => header(m, 'event-id') === poison.id), { description: 'the poison message on the DLT' });
    expect(header(letter, 'dlt-reason')).toMatch(/^schema: ItemTouched: payload\.mode: /);
    expect(header(letter, 'dlt-attempts')).toBe('0');
    const body = JSON.parse(String(letter.value));
    expect(body).toMatchObject({ topic, key: 'same-key', value: JSON.stringify(poison), attempts: 0, service, eventId: poison.id });
    expect(invocations.filter((i) => i.eventId === poison.id)).toEqual([]);
  });

  it('retries a failing handler, then dead-letters it with the reason and moves on', async () => {
    const cursed = touch('cursed', 'explode');
    const after = touch('after-cursed');
    await raw.send({ topic, messages: [cursed, after].map((event) => ({ ...toKafkaMessage(event), key: 'cursed-key' })) });
    await handled('after-cursed');

    const letter = await waitFor(() => deadLetters.find((m) => header(m, 'event-id') === cursed.id), { description: 'the failed event on the DLT' });
    expect(header(letter, 'dlt-reason')).toBe('handler: item cursed is cursed');
    expect(JSON.parse(String(letter.value))).toMatchObject({
      reason: 'handler: item cursed is cursed',
      attempts: 3,
      topic,
      offset: expect.any(String),
      partition: expect.any(Number),
    });
    expect(invocations.filter((i) => i.eventId === cursed.id).map((i) => i.attempt)).toEqual([1, 2, 3]);
  });

  it('handles an event published twice only once', async () => {
    const event = touch('twice');
    await publisher.publish([event]);
    await publisher.publish([event]);
    const marker = touch('after-twice');
    await raw.send({ topic, messages: [{ ...toKafkaMessage(marker), key: event.key }] });
    await handled('after-twice');
    await expect(count('twice')).resolves.toBe(1);
    expect(invocations.filter((i) => i.eventId === event.id)).toHaveLength(1);
  });

  it('finishes and commits the message in flight on close; a restart with the same group re-handles nothing', async () => {
    const slowEvent = touch('slow', 'slow');
    await publisher.publish([slowEvent]);
    await waitFor(() => slow.started, { description: 'the slow handler to start' });
    await app?.close();
    app = undefined;
    expect(slow.finished).toBe(true);
    await expect(count('slow')).resolves.toBe(1);

    const committed = await admin.fetchOffsets({ groupId: service, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    expect(committed[0].partitions.map((p) => [p.partition, p.offset]).sort()).toEqual(ends.map((p) => [p.partition, p.high]).sort());

    const before = invocations.length;
    app = await startApp();
    await publisher.publish([touch('after-restart')]);
    await handled('after-restart');
    expect(invocations.slice(before).map((i) => i.itemId)).toEqual(['after-restart']);
  });
});
