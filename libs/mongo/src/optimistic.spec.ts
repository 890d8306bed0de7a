import { changeOptimistically } from './optimistic';

interface Stored {
  revision: number;
  value: number;
}

/** A record with a revision, written only if the revision read is still the stored one. */
function store(initial: Stored | undefined) {
  let stored = initial;
  const writes: number[] = [];
  return {
    read: async (): Promise<Stored | undefined> => (stored ? { ...stored } : undefined),
    /** Another writer, between our read and our write. */
    bump: () => (stored = { revision: stored!.revision + 1, value: stored!.value + 100 }),
    write: async (current: Stored, value: number): Promise<Stored | undefined> => {
      if (!stored || stored.revision !== current.revision) return undefined;
      writes.push(value);
      stored = { revision: current.revision + 1, value };
      return { ...stored };
    },
    writes,
    get stored() {
      return stored;
    },
  };
}

describe('changeOptimistically', () => {
  it('writes the decision when nobody else wrote in between', async () => {
    const db = store({ revision: 1, value: 1 });
    const result = await changeOptimistically({
      read: db.read,
      decide: (current) => current.value + 1,
      write: db.write,
      attempts: 3,
      exhausted: () => new Error('busy'),
    });
    expect(result).toEqual({ kind: 'written', current: { revision: 1, value: 1 }, decision: 2, stored: { revision: 2, value: 2 } });
  });

  it('decides again on the fresh state after losing a race, so the other write is kept', async () => {
    const db = store({ revision: 1, value: 1 });
    const seen: number[] = [];
    const result = await changeOptimistically({
      read: db.read,
      decide: (current) => {
        seen.push(current.value);
        if (seen.length === 1) db.bump();
        return current.value + 1;
      },
      write: db.write,
      attempts: 3,
      exhausted: () => new Error('busy'),
    });
    expect(seen).toEqual([1, 101]);
    expect(result).toMatchObject({ kind: 'written', stored: { revision: 3, value: 102 } });
    expect(db.writes).toEqual([102]);
  });

  it('writes nothing when the decision is undefined, and says so with the state it saw', async () => {
    const db = store({ revision: 4, value: 7 });
    const result = await changeOptimistically({ read: db.read, decide: () => undefined, write: db.write, attempts: 3, exhausted: () => new Error('busy') });
    expect(result).toEqual({ kind: 'unchanged', current: { revision: 4, value: 7 } });
    expect(db.writes).toEqual([]);
  });

  it('answers missing when there is nothing to change', async () => {
    const decide = jest.fn();
    const db = store(undefined);
    expect(await changeOptimistically({ read: db.read, decide, write: db.write, attempts: 3, exhausted: () => new Error('busy') })).toEqual({
      kind: 'missing',
    });
    expect(decide).not.toHaveBeenCalled();
  });

  it("gives up with the caller's error after losing every round, having written nothing", async () => {
    const db = store({ revision: 1, value: 1 });
    const decide = jest.fn((current: Stored) => {
      db.bump();
      return current.value + 1;
    });
    await expect(changeOptimistically({ read: db.read, decide, write: db.write, attempts: 4, exhausted: () => new Error('kept changing') })).rejects.toThrow(
      'kept changing',
    );
    expect(decide).toHaveBeenCalledTimes(4);
    expect(db.writes).toEqual([]);
  });

  it('lets a refusal thrown by decide through at once', async () => {
    const db = store({ revision: 1, value: 1 });
    const refusal = new Error('not allowed');
    await expect(
      changeOptimistically({
        read: db.read,
        decide: () => {
          throw refusal;
        },
        write: db.write,
        attempts: 3,
        exhausted: () => new Error('busy'),
      }),
    ).rejects.toBe(refusal);
  });
});
