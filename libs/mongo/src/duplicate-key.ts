/** The server's code for E11000: a write collided with an existing `_id` or another unique key. */
export const DUPLICATE_KEY = 11000;

/**
 * Whether `error` (an Error, or a driver WriteError, which is not one) is E11000: the key is
 * there already. Idempotent inserts expect it (a redelivery, a second replica's claim).
 */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null | undefined)?.code === DUPLICATE_KEY;
}
