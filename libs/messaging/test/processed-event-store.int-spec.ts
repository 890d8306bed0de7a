// The processed-event records on the real MongoDB-wire server: what the batch consumer relies on
// to run each event once per consumer group.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose, { type Connection } from 'mongoose';
import { MongoProcessedEventStore } from '../src/processed-event-store';
import { testEndpoints, uniqueName } from '@portico/testing';

const { mongoUrl } = testEndpoints();
const record = (eventId: string, offset: string) => ({ eventId, type: 'ItemTouched', topic: 'portico.test.items.v1', partition: 0, offset });

describe('MongoProcessedEventStore', () => {
  let connection: Connection;
  let store: MongoProcessedEventStore;

  beforeAll(async () => {
    connection = await mongoose.createConnection(mongoUrl, { dbName: uniqueName('processed_events') }).asPromise();
    store = new MongoProcessedEventStore(connection);
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('records a batch, tells processed from new among ids, and keeps groups apart', async () => {
    await store.markManyProcessed('group-a', [record('e1', '1'), record('e2', '2')]);
    await expect(store.processedAmong('group-a', ['e1', 'e2', 'e3'])).resolves.toEqual(new Set(['e1', 'e2']));
    await expect(store.isProcessed('group-a', 'e2')).resolves.toBe(true);
    await expect(store.isProcessed('group-b', 'e1')).resolves.toBe(false);
  });

  it('recording events again (a redelivered batch) is no error and keeps the first record', async () => {
    await store.markManyProcessed('group-c', [record('e1', '10')]);
    await expect(store.markManyProcessed('group-c', [record('e1', '99'), record('e4', '11'), record('e4', '12')])).resolves.toBeUndefined();
    const docs = await connection.collection(MongoProcessedEventStore.collectionName).find({ groupId: 'group-c' }).sort({ _id: 1 }).toArray();
    expect(docs.map((doc) => [doc._id, doc.offset])).toEqual([
      ['group-c:e1', '10'],
      ['group-c:e4', '11'],
    ]);
  });

  it('forgets records older than the retention, and only those, with an index on the time they were made', async () => {
    await store.markManyProcessed('group-d', [record('old-1', '1'), record('old-2', '2'), record('new-1', '3')]);
    const collection = connection.collection<{ _id: string; processedAt: Date }>(MongoProcessedEventStore.collectionName);
    const longAgo = new Date(Date.now() - 40 * 24 * 3600_000);
    await collection.updateMany({ _id: { $in: ['group-d:old-1', 'group-d:old-2'] } }, { $set: { processedAt: longAgo } });

    await expect(store.deleteProcessedBefore(new Date(Date.now() - 30 * 24 * 3600_000))).resolves.toBe(2);
    await expect(store.processedAmong('group-d', ['old-1', 'old-2', 'new-1'])).resolves.toEqual(new Set(['new-1']));
    expect((await collection.indexes()).map((index) => index.key)).toContainEqual({ processedAt: 1 });
  });
});
