import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose, { Schema, type Connection } from 'mongoose';
import { MongooseOutboxStore } from '../src/outbox-store';
import { outboxPlugin, withEvents, type OutboxFields } from '../src/outbox.plugin';
import { describeOutboxStoreContract, testEvent } from '../src/testing';
import { testEndpoints, uniqueName } from '@portico/testing';

const { mongoUrl: MONGO_URL } = testEndpoints();

interface Aggregate extends OutboxFields {
  name: string;
}

const schema = new Schema<Aggregate>({ name: { type: String, required: true } }, { timestamps: true });
schema.plugin(outboxPlugin);

let connection: Connection;
let models = 0;

beforeAll(async () => {
  connection = await mongoose.createConnection(MONGO_URL, { dbName: uniqueName('test_outbox'), serverSelectionTimeoutMS: 5000 }).asPromise();
});

afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

/** A model on a collection of its own, its indexes built: the local server can fail a query that races an index build. */
async function freshModel() {
  const name = `Aggregate${++models}`;
  const model = connection.model<Aggregate>(name, schema, `aggregates_${models}`);
  await model.init();
  return model;
}

describeOutboxStoreContract('MongooseOutboxStore', async () => {
  const model = await freshModel();
  return {
    store: new MongooseOutboxStore(model),
    create: async (name, events) => String((await new model({ name, outbox: events }).save())._id),
    update: async (id, expectedName, name, events) =>
      (await model.updateOne({ _id: id, name: expectedName }, withEvents({ $set: { name } }, events))).modifiedCount === 1,
    read: async (id) => {
      const doc = await model.findById(id).lean().orFail();
      return { name: doc.name, pendingEventIds: doc.outbox.map((event) => event.id) };
    },
    dispose: async () => {
      await model.collection.drop();
      connection.deleteModel(model.modelName);
    },
  };
});

describe('outboxPlugin on the MongoDB-wire server', () => {
  it('flags a document pushed to without withEvents, so the relay still finds it', async () => {
    const model = await freshModel();
    const doc = await new model({ name: 'plain' }).save();
    const store = new MongooseOutboxStore(model);
    await expect(store.pendingCount()).resolves.toBe(0);

    await model.updateOne({ _id: doc._id }, { $push: { outbox: testEvent('p', 1) } });
    await expect(store.pendingCount()).resolves.toBe(1);

    const loaded = await model.findById(doc._id).orFail();
    loaded.outbox.push(testEvent('p', 2));
    await loaded.save();
    const [claimed] = await store.claim({ owner: 'relay', now: Date.now(), leaseMs: 1000, limit: 10 });
    expect(claimed.events.map((event) => event.payload)).toEqual([expect.objectContaining({ step: 1 }), expect.objectContaining({ step: 2 })]);
  });

  it('flags documents whose events arrive through insertMany or bulkWrite', async () => {
    const model = await freshModel();
    const store = new MongooseOutboxStore(model);
    await model.insertMany([{ name: 'many 1', outbox: [testEvent('m1', 1)] }, { name: 'many 2' }]);
    const [plain] = await model.insertMany([{ name: 'many 3' }]);
    await model.bulkWrite([
      { insertOne: { document: { name: 'bulk insert', outbox: [testEvent('b1', 1)] } } },
      { updateOne: { filter: { _id: plain._id }, update: { $push: { outbox: testEvent('b2', 1) } } } },
    ]);
    const claimed = await store.claim({ owner: 'relay', now: Date.now(), leaseMs: 1000, limit: 10 });
    expect(claimed.flatMap((doc) => doc.events.map((event) => event.key)).sort()).toEqual(['b1', 'b2', 'm1']);
  });

  it("does not touch the aggregate's updatedAt when relaying", async () => {
    const model = await freshModel();
    const doc = await new model({ name: 'dated', outbox: [testEvent('q', 1)] }).save();
    const store = new MongooseOutboxStore(model);
    const [claimed] = await store.claim({ owner: 'relay', now: Date.now() + 60_000, leaseMs: 1000, limit: 10 });
    await store.markPublished([{ aggregateId: claimed.aggregateId, eventIds: claimed.events.map((event) => event.id) }], 'relay');
    const after = await model.findById(doc._id).lean().orFail();
    expect(after.outbox).toEqual([]);
    expect(after.outboxPending).toBeUndefined();
    expect(after.outboxLeaseOwner).toBeUndefined();
    expect((after as unknown as { updatedAt: Date }).updatedAt).toEqual((doc as unknown as { updatedAt: Date }).updatedAt);
  });

  it('declares a sparse index on the pending flag', async () => {
    const model = await freshModel();
    await model.init();
    const indexes = await model.collection.indexes();
    expect(indexes).toEqual(expect.arrayContaining([expect.objectContaining({ key: { outboxPending: 1 }, sparse: true })]));
  });
});
