// The local MongoDB-wire server (infra/mongo/PorticoMongo.java) answers filters through indexes
// that mongo-java-server alone ignores (secondary, prefix of a compound, unique among other
// fields, _id $in, $or branch by branch). An index may only make a query cheaper, never change
// its answer: every query here runs against the same documents in an indexed collection and in
// one without indexes (the library's scan), before and after updates that move documents
// between index keys and deletes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient, type Collection, type Document, type Filter } from 'mongodb';
import { PrivateInfra } from './private-infra.ts';

interface Doc {
  _id: string;
  firmId?: string | null;
  status?: string;
  n?: number;
  tags?: string[];
  pending?: boolean;
  email?: string;
  at?: Date;
}

const FIRMS = ['f1', 'f2', 'f3'];
const STATUSES = ['queued', 'sent', 'failed'];

function seed(count: number): Doc[] {
  const docs: Doc[] = [];
  for (let i = 0; i < count; i++) {
    const doc: Doc = {
      _id: `d${i}`,
      firmId: FIRMS[i % 3],
      status: STATUSES[i % 4 === 0 ? 2 : i % 2],
      n: i % 5,
      email: `u${i}@x.test`,
      at: new Date(Date.UTC(2026, 0, 1 + (i % 9))),
    };
    if (i % 7 === 0) doc.tags = [`t${i % 3}`, 'all'];
    if (i % 4 === 1) doc.pending = true;
    if (i % 11 === 0) delete doc.firmId;
    if (i % 13 === 0) doc.firmId = null;
    docs.push(doc);
  }
  return docs;
}

const QUERIES: Array<Filter<Doc>> = [
  { firmId: 'f1' },
  { firmId: 'f2', status: 'sent' },
  { firmId: 'f2', status: 'sent', n: 3 },
  { firmId: 'f1', n: 2 },
  { firmId: 'f3', status: { $in: ['queued', 'failed'] } },
  { firmId: 'f1', at: { $lte: new Date(Date.UTC(2026, 0, 4)) } },
  { firmId: null },
  { firmId: { $exists: false } },
  { status: 'queued', n: 4 },
  { status: 'sent' },
  { n: 3 },
  { n: 3.0 },
  { tags: 'all' },
  { tags: 't1', firmId: 'f1' },
  { pending: true },
  { pending: true, $or: [{ status: 'queued' }, { n: { $gte: 3 } }] },
  { pending: { $ne: true }, firmId: 'f2' },
  { email: 'u10@x.test', status: 'sent' },
  { _id: { $in: ['d1', 'd2', 'd50', 'nope'] }, status: 'sent' },
  { _id: 'd7', firmId: 'f2' },
  { firmId: 'nobody' },
  // $or: each branch narrowed on its own (index union), with the filter's other fields; one branch no index narrows: a scan.
  {
    $or: [
      { status: 'queued', n: { $gte: 2 } },
      { status: 'failed', firmId: 'f1' },
    ],
  },
  { n: { $lte: 3 }, $or: [{ status: 'sent', at: { $lte: new Date(Date.UTC(2026, 0, 3)) } }, { pending: true }] },
  { status: 'sent', $or: [{ status: 'queued' }, { n: 1 }] },
  { $or: [{ status: 'sent' }, { email: { $regex: '^u1' } }] },
  { firmId: 'f2', $or: [{ status: 'sent' }, { n: 4 }] },
];

async function same(indexed: Collection<Doc>, scanned: Collection<Doc>): Promise<void> {
  for (const query of QUERIES) {
    const [fromIndex, fromScan] = await Promise.all([indexed.find(query).sort({ _id: 1 }).toArray(), scanned.find(query).sort({ _id: 1 }).toArray()]);
    expect({ query, ids: fromIndex.map((d) => d._id) }).toEqual({ query, ids: fromScan.map((d) => d._id) });
    expect(await indexed.countDocuments(query)).toBe(fromScan.length);
  }
}

describe('local MongoDB-wire server: indexes narrow, never change an answer', () => {
  let infra: PrivateInfra;
  let client: MongoClient;
  let indexed: Collection<Doc>;
  let scanned: Collection<Doc>;

  beforeAll(async () => {
    infra = await PrivateInfra.create();
    await infra.run('up', 'mongo');
    client = new MongoClient(`mongodb://127.0.0.1:${infra.ports.mongo}`, { serverSelectionTimeoutMS: 5000 });
    const db = client.db('infra_indexes');
    indexed = db.collection<Doc>('indexed');
    scanned = db.collection<Doc>('scanned');
    // Some documents exist before the indexes are built, the rest are inserted after.
    const docs = seed(600);
    await indexed.insertMany(docs.slice(0, 200).map((d) => ({ ...d })));
    await indexed.createIndexes([
      { key: { firmId: 1, status: 1, n: 1 } },
      { key: { status: 1, at: -1 } },
      { key: { tags: 1 } },
      { key: { pending: 1 }, sparse: true },
      { key: { email: 1 }, unique: true },
    ]);
    await indexed.insertMany(docs.slice(200).map((d) => ({ ...d })));
    await scanned.insertMany(docs.map((d) => ({ ...d })));
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await infra?.dispose();
  });

  it('lists the indexes as created', async () => {
    const names = (await indexed.listIndexes().toArray()).map((i: Document) => i.name as string).sort();
    expect(names).toEqual(['_id_', 'email_1', 'firmId_1_status_1_n_1', 'pending_1', 'status_1_at_-1', 'tags_1']);
  });

  it('answers every query as the scan does', async () => {
    await same(indexed, scanned);
  });

  it('still does after updates that move documents between keys, unsets, array changes and deletes', async () => {
    const writes = async (c: Collection<Doc>): Promise<void> => {
      await c.updateMany({ firmId: 'f1', status: 'queued' }, { $set: { status: 'sent', n: 3 } });
      await c.updateMany({ pending: true, n: { $lt: 2 } }, { $unset: { pending: '' } });
      await c.updateOne({ _id: 'd14' }, { $push: { tags: 'late' } });
      await c.updateMany({ tags: 'all', firmId: 'f2' }, { $pull: { tags: 'all' } });
      await c.updateOne({ _id: 'd3' }, { $set: { firmId: 'f2', status: 'sent', n: 3 } });
      await c.deleteMany({ firmId: 'f3', status: 'failed' });
      await c.deleteOne({ _id: 'd2' });
      await c.insertMany([
        { _id: 'new1', firmId: 'f2', status: 'sent', n: 3, email: 'new1@x.test', pending: true },
        { _id: 'new2', firmId: 'f3', status: 'queued', n: 1, email: 'new2@x.test', tags: ['all'] },
      ]);
      await c.updateOne({ _id: 'upserted', firmId: 'f1' }, { $set: { status: 'queued', n: 4, email: 'up@x.test' } }, { upsert: true });
      await c.replaceOne({ _id: 'd5' }, { firmId: 'f1', status: 'failed', n: 2, email: 'u5@x.test' });
    };
    await writes(indexed);
    await writes(scanned);
    await same(indexed, scanned);
    // The documents themselves, not only their ids, agree.
    expect(await indexed.find({}).sort({ _id: 1 }).toArray()).toEqual(await scanned.find({}).sort({ _id: 1 }).toArray());
  });

  it('keeps unique indexes unique', async () => {
    await expect(indexed.insertOne({ _id: 'dup', firmId: 'f1', email: 'u10@x.test' })).rejects.toMatchObject({ code: 11000 });
  });
});
