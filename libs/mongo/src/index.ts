export { coalesce, distinct, insertEach, perGroup, writeEach, type BatchOutcome, type BulkWritable, type CoalesceOptions } from './batch';
export { DUPLICATE_KEY, isDuplicateKey } from './duplicate-key';
export { changeOptimistically, unlessSame, type OptimisticChange, type OptimisticResult } from './optimistic';
