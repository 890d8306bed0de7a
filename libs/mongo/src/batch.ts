import DataLoader from 'dataloader';
import type { Model } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';

/** One caller's answer, or the error that fails only that caller. */
export type BatchOutcome<V> = V | Error;

export interface CoalesceOptions {
  /** Largest batch (default 256). */
  maxBatchSize?: number;
  /**
   * One command in flight at a time: calls made while it runs wait and go together in the next
   * one, so under load batches grow instead of commands queuing at the database (default false).
   */
  groupCommit?: boolean;
}

/**
 * Coalesces the calls that concurrently running handlers make within one turn of the event loop
 * into one bulk call (`find({ _id: { $in } })`, `insertMany`, `bulkWrite`): each database round
 * trip is paid once per batch instead of once per event. Nothing is cached (the data can change
 * between two calls). `batch` answers the keys in order, one outcome each; an Error fails that
 * call alone, a throw fails the whole batch.
 */
export function coalesce<K, V>(
  batch: (keys: readonly K[]) => Promise<readonly BatchOutcome<V>[]>,
  { maxBatchSize = 256, groupCommit = false }: CoalesceOptions = {},
): (key: K) => Promise<V> {
  let previous: Promise<unknown> = Promise.resolve();
  const run = (keys: readonly K[]) => {
    const answers = batch(keys);
    previous = answers.catch(() => undefined);
    return answers;
  };
  const loader = new DataLoader<K, V>(run, {
    cache: false,
    maxBatchSize,
    // Default: after the I/O callbacks of this turn (setImmediate), so handlers woken by different
    // replies join one batch. Group commit: not before the previous command answered.
    batchScheduleFn: groupCommit ? (dispatch) => void previous.then(() => process.nextTick(dispatch)) : (dispatch) => setImmediate(dispatch),
  });
  return (key) => loader.load(key);
}

/**
 * Splits a batch by `groupOf` (e.g. the firm: every query still names one), runs one bulk call per
 * group side by side and puts the outcomes back in key order. A group whose call throws fails only
 * its own keys.
 */
export function perGroup<K, V>(
  groupOf: (key: K) => string,
  load: (keys: K[]) => Promise<readonly BatchOutcome<V>[]>,
): (keys: readonly K[]) => Promise<BatchOutcome<V>[]> {
  return async (keys) => {
    const groups = new Map<string, number[]>();
    keys.forEach((key, index) => {
      const group = groupOf(key);
      groups.set(group, [...(groups.get(group) ?? []), index]);
    });
    const outcomes: BatchOutcome<V>[] = new Array<BatchOutcome<V>>(keys.length);
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        const answers = await load(indexes.map((index) => keys[index]!)).catch((error: unknown) => indexes.map(() => asError(error)));
        indexes.forEach((index, n) => (outcomes[index] = answers[n]!));
      }),
    );
    return outcomes;
  };
}

/**
 * Inserts `docs` with one unordered insertMany. Per document: true when inserted, false when its
 * key exists already (E11000), or its own error.
 *
 * The documents are written as given (mongoose's lean insert) after the schema's defaults and
 * timestamps are applied to them: hydrating and validating every document took a third of the
 * invitations service's CPU at bulk rates. Callers insert documents their domain built, so
 * nothing is left to cast or validate; insertMany middleware (the outbox flag) still runs.
 */
export async function insertEach<T>(model: Model<T>, docs: object[]): Promise<BatchOutcome<boolean>[]> {
  const prepared = docs.map((doc) => model.applyTimestamps(model.applyDefaults({ ...doc })) as object);
  try {
    await model.insertMany(prepared as T[], { ordered: false, lean: true });
    return docs.map(() => true);
  } catch (error) {
    // Per document, mongoose lists the server's WriteError where it refused one, and the document
    // itself where it was inserted.
    const { results, writeErrors } = error as { results?: unknown[]; writeErrors?: unknown };
    if (writeErrors === undefined || writeErrors === null || !Array.isArray(results) || results.length !== docs.length) throw error;
    return results.map((result, i) => {
      if (result === prepared[i]) return true;
      // A WriteError of the driver (not an Error): E11000 means the key exists already.
      return !(result instanceof Error) && isDuplicateKey(result) ? false : asError(result);
    });
  }
}

/** A driver collection (`Model.collection`): its operation types are too strict for dotted paths. */
export interface BulkWritable {
  bulkWrite(ops: never[], options: { ordered: false }): Promise<unknown>;
}

/** Runs `ops` as one unordered bulkWrite; per operation: true, or the error of that operation alone. */
export async function writeEach(collection: BulkWritable, ops: object[]): Promise<BatchOutcome<true>[]> {
  try {
    // The driver's collection, not mongoose's bulkWrite, which would skip operations it cannot cast.
    await collection.bulkWrite(ops as never[], { ordered: false });
    return ops.map(() => true);
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
    if (writeErrors === undefined || writeErrors === null) throw error;
    const failed = new Map(([] as { index: number }[]).concat(writeErrors as { index: number }[]).map((writeError) => [writeError.index, writeError]));
    return ops.map((_, index) => (failed.has(index) ? asError(failed.get(index)) : true));
  }
}

/** Each distinct value once, in first-seen order. */
export const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** An Error for a driver's WriteError (not an Error itself), keeping its server error `code`. */
function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  const { errmsg, message, code } = (value ?? {}) as { errmsg?: unknown; message?: unknown; code?: unknown };
  const text = errmsg ?? message;
  const error = new Error(typeof text === 'string' ? text : `Database write failed: ${JSON.stringify(value)}`);
  return code === undefined ? error : Object.assign(error, { code });
}
