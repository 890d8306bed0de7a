import { describe, expect, it, jest } from '@jest/globals';
import { coalesce } from './batch';

/** A bulk command that records each batch it was given and answers when told to. */
function recordingBatch<K>(answer: (item: K) => unknown = (item) => item) {
  const batches: K[][] = [];
  const pending: Array<() => void> = [];
  const batch = (items: readonly K[]) => {
    batches.push([...items]);
    return new Promise<Array<unknown>>((resolve) => pending.push(() => resolve(items.map(answer))));
  };
  const finishNext = async () => {
    pending.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { batches, batch, finishNext };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesce with group commit', () => {
  it('carries the calls of one tick to one command, each call getting its own answer in order', async () => {
    const spy = jest.fn(async (items: readonly number[]) => items.map((n) => n * 10));
    const loader = coalesce<number, number>(spy, { maxBatchSize: 1000, groupCommit: true });

    await expect(Promise.all([1, 2, 3].map((n) => loader(n)))).resolves.toEqual([10, 20, 30]);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith([1, 2, 3]);
  });

  it('fails only the call whose item failed', async () => {
    const loader = coalesce<string, string>(async (items) => items.map((item) => (item === 'bad' ? new Error(`refused ${item}`) : `ok ${item}`)), {
      maxBatchSize: 1000,
      groupCommit: true,
    });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((item) => loader(item)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'ok a' },
      { status: 'rejected', reason: new Error('refused bad') },
      { status: 'fulfilled', value: 'ok c' },
    ]);
  });

  it('fails every call of a batch when the command fails as a whole, and the next batch still runs', async () => {
    let down = true;
    const loader = coalesce<number, number>(
      async (items) => {
        if (down) throw new Error('database unavailable');
        return [...items];
      },
      { maxBatchSize: 1000, groupCommit: true },
    );
    const results = await Promise.allSettled([1, 2].map((n) => loader(n)));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    down = false;
    await expect(loader(3)).resolves.toBe(3);
  });

  it('sends one command at a time: calls made meanwhile wait and go together in the next one', async () => {
    const { batches, batch, finishNext } = recordingBatch<number>();
    const loader = coalesce<number, unknown>(batch, { maxBatchSize: 1000, groupCommit: true });

    const first = loader(1);
    await settle();
    const later = [2, 3, 4].map((n) => loader(n));
    await settle();
    await settle();
    expect(batches).toEqual([[1]]); // 2, 3 and 4 wait for the command in flight

    await finishNext();
    await expect(first).resolves.toBe(1);
    await settle();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    await finishNext();
    await expect(Promise.all(later)).resolves.toEqual([2, 3, 4]);
  });

  it('caches nothing: the same item twice is asked for twice', async () => {
    const spy = jest.fn(async (items: readonly string[]) => items.map(() => true));
    const loader = coalesce<string, boolean>(spy, { maxBatchSize: 1000, groupCommit: true });
    await Promise.all([loader('k'), loader('k')]);
    await loader('k');
    expect(spy.mock.calls).toEqual([[['k', 'k']], [['k']]]);
  });

  it('splits at the batch size', async () => {
    const spy = jest.fn(async (items: readonly number[]) => [...items]);
    const loader = coalesce<number, number>(spy, { maxBatchSize: 2, groupCommit: true });
    await expect(Promise.all([1, 2, 3].map((n) => loader(n)))).resolves.toEqual([1, 2, 3]);
    expect(spy.mock.calls).toEqual([[[1, 2]], [[3]]]);
  });
});
