import DataLoader from 'dataloader';

/** What a bulk command answers for each item, in the order given: its result, or the Error that fails only that item's call. */
export type BulkResults<V> = ReadonlyArray<V | Error>;

/**
 * Coalesces concurrent calls into one bulk database command (each round trip costs far more than
 * the work in it). `load(item)` calls made in the same tick, or while this loader's previous
 * command is still in flight, go to `batch` together: one command in flight at a time, so under
 * load the batches grow instead of commands queuing at the database (group commit). An Error in
 * the results rejects that item's call only; a throw rejects every call of the batch. Nothing is
 * cached: every call reaches the database.
 */
export function bulkLoader<K, V>(batch: (items: readonly K[]) => Promise<BulkResults<V>>, maxBatchSize = 1000): DataLoader<K, V> {
  let previous: Promise<unknown> = Promise.resolve();
  return new DataLoader<K, V>(
    (items) => {
      const run = batch(items);
      previous = run.catch(() => undefined);
      return run;
    },
    { cache: false, maxBatchSize, batchScheduleFn: (dispatch) => void previous.then(() => process.nextTick(dispatch)) },
  );
}
