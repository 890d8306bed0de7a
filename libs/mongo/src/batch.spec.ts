import { coalesce, insertEach, perGroup, writeEach } from './batch';
import { model, Schema, type Model } from 'mongoose';

describe('coalesce', () => {
  it('answers the calls of one turn with one batch, each caller its own answer, in order', async () => {
    const batches: number[][] = [];
    const double = coalesce(async (keys: readonly number[]) => {
      batches.push([...keys]);
      return keys.map((key) => key * 2);
    });
    const answers = await Promise.all([double(1), double(2), double(2), double(3)]);
    expect(answers).toEqual([2, 4, 4, 6]);
    // Nothing cached: a key asked twice is asked twice (the data may have changed in between).
    expect(batches).toEqual([[1, 2, 2, 3]]);
    expect(await double(5)).toBe(10);
    expect(batches).toHaveLength(2);
  });

  it('coalesces handlers woken at different depths of the same turn (e.g. after their own awaits)', async () => {
    const batches: string[][] = [];
    const load = coalesce(async (keys: readonly string[]) => {
      batches.push([...keys]);
      return keys;
    });
    const handler = async (key: string, depth: number) => {
      for (let n = 0; n < depth; n++) await Promise.resolve();
      return load(key);
    };
    await Promise.all([handler('a', 0), handler('b', 3), handler('c', 10)]);
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('fails only the caller whose item failed; a throwing batch fails all of its callers', async () => {
    const load = coalesce(async (keys: readonly string[]) => {
      if (keys.includes('down')) throw new Error('database down');
      return keys.map((key) => (key === 'bad' ? new Error(`no ${key}`) : key.toUpperCase()));
    });
    const outcomes = await Promise.allSettled([load('a'), load('bad'), load('b')]);
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('no bad') },
      { status: 'fulfilled', value: 'B' },
    ]);
    await expect(Promise.all([load('x'), load('down')])).rejects.toThrow('database down');
  });

  it('perGroup: one call per group (e.g. firm), answers put back in key order, a failing group fails only its keys', async () => {
    const calls: string[][] = [];
    const load = coalesce(
      perGroup(
        (key: { firmId: string; id: string }) => key.firmId,
        async (keys) => {
          calls.push(keys.map((key) => `${key.firmId}/${key.id}`));
          if (keys[0]!.firmId === 'broken') throw new Error('broken firm');
          return keys.map((key) => `${key.firmId}:${key.id}`);
        },
      ),
    );
    const outcomes = await Promise.allSettled([
      load({ firmId: 'f1', id: 'a' }),
      load({ firmId: 'f2', id: 'a' }),
      load({ firmId: 'broken', id: 'z' }),
      load({ firmId: 'f1', id: 'b' }),
    ]);
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'f1:a' },
      { status: 'fulfilled', value: 'f2:a' },
      { status: 'rejected', reason: new Error('broken firm') },
      { status: 'fulfilled', value: 'f1:b' },
    ]);
    expect(calls).toEqual([['f1/a', 'f1/b'], ['f2/a'], ['broken/z']]);
  });
});

describe('insertEach', () => {
  const Doc = model(
    'CoalesceSpecDoc',
    new Schema({ _id: String, status: { type: String, default: 'new' }, tags: { type: [String], default: [] } }, { timestamps: true }),
  );
  const insertingWith = (insertMany: (docs: object[], options: object) => Promise<unknown>) =>
    Object.assign(Object.create(Doc) as Model<unknown>, { insertMany: jest.fn(insertMany) });

  it('is true for every document when the insert succeeded, and writes them lean with the schema defaults and timestamps', async () => {
    const fake = insertingWith(async () => []);
    expect(await insertEach(fake, [{ _id: 'a' }, { _id: 'b', status: 'old' }])).toEqual([true, true]);
    const [written, options] = (fake.insertMany as jest.Mock).mock.calls[0] as [Array<Record<string, unknown>>, object];
    expect(options).toEqual({ ordered: false, lean: true });
    expect(written).toEqual([
      { _id: 'a', status: 'new', tags: [], createdAt: expect.any(Date), updatedAt: expect.any(Date) },
      { _id: 'b', status: 'old', tags: [], createdAt: expect.any(Date), updatedAt: expect.any(Date) },
    ]);
  });

  it('tells inserted, already there (E11000: a redelivery, idempotent) and refused documents apart', async () => {
    // The driver's WriteError (not an Error) for what the server refused; the document itself where it was inserted.
    const duplicate = { index: 1, code: 11000, errmsg: 'E11000 duplicate key', err: {} };
    const refused = { index: 2, code: 2, errmsg: 'bad value', err: {} };
    const fake = insertingWith(async (docs) =>
      Promise.reject(Object.assign(new Error('bulk'), { writeErrors: [duplicate, refused], results: [docs[0], duplicate, refused] })),
    );
    expect(await insertEach(fake, [{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }])).toEqual([true, false, new Error('bad value')]);
  });

  it('fails everything when the error is not per document (e.g. the connection dropped)', async () => {
    const fake = insertingWith(async (docs) => Promise.reject(Object.assign(new Error('connection closed'), { results: docs })));
    await expect(insertEach(fake, [{ _id: 'a' }])).rejects.toThrow('connection closed');
  });
});

describe('writeEach', () => {
  it('fails only the operations the server refused, by index', async () => {
    const collection = { bulkWrite: async () => Promise.reject(Object.assign(new Error('bulk'), { writeErrors: [{ index: 1, errmsg: 'refused' }] })) };
    expect(await writeEach(collection, [{}, {}, {}])).toEqual([true, new Error('refused'), true]);
    // The driver gives a lone write error unwrapped.
    const single = { bulkWrite: async () => Promise.reject(Object.assign(new Error('bulk'), { writeErrors: { index: 0, errmsg: 'refused' } })) };
    expect(await writeEach(single, [{}, {}])).toEqual([new Error('refused'), true]);
    // The server's error code stays on the error (E11000: a duplicate key the caller may expect).
    const duplicate = {
      bulkWrite: async () => Promise.reject(Object.assign(new Error('bulk'), { writeErrors: [{ index: 0, code: 11000, errmsg: 'E11000 duplicate key' }] })),
    };
    expect(await writeEach(duplicate, [{}])).toEqual([expect.objectContaining({ message: 'E11000 duplicate key', code: 11000 })]);
  });

  it('throws what is not a write error, and sends the operations unordered', async () => {
    const bulkWrite = jest.fn(async () => Promise.reject(new Error('timeout')));
    await expect(writeEach({ bulkWrite }, [{}])).rejects.toThrow('timeout');
    expect(bulkWrite).toHaveBeenCalledWith([{}], { ordered: false });
  });
});
