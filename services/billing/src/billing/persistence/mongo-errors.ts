/** E11000: the write collided with an existing `_id` (or another unique key). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}
