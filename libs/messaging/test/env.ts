import { randomBytes } from 'node:crypto';

// Explicit settings win; then the servers the workspace's jest global setup provided
// (PORTICO_TEST_ENDPOINTS); then the dev profile's defaults.
const provided = JSON.parse(process.env.PORTICO_TEST_ENDPOINTS ?? '{}') as { kafkaBrokers?: string[]; mongoUrl?: string };

export const MONGO_URL = process.env.MONGO_URL ?? provided.mongoUrl ?? 'mongodb://127.0.0.1:27117';
export const KAFKA_BROKERS = process.env.KAFKA_BROKERS?.split(',').map((broker) => broker.trim()) ?? provided.kafkaBrokers ?? ['127.0.0.1:19092'];

/** A name no other test file (or run) uses: databases, topics, consumer groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** Polls until `probe` returns something other than undefined/false; fails with `description` at the deadline. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, { timeoutMs = 20_000, intervalMs = 50, description = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
