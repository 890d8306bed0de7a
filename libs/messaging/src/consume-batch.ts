import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { BatchState, MessageProcessor } from './message-processor';

type BatchPayload = Pick<EachBatchPayload, 'batch' | 'resolveOffset' | 'heartbeat' | 'isRunning' | 'isStale' | 'commitOffsetsIfNecessary'>;

export interface ConsumeBatchOptions {
  /** Keys of one partition handled at the same time (order within a key always holds). */
  keyConcurrency: number;
}

/**
 * Processes one fetched batch of a partition. Messages are grouped by key: a key's messages
 * run one after another in offset order (the order the system promises: per aggregate), while
 * up to `keyConcurrency` keys run side by side, so a partition full of independent aggregates
 * (a bulk job's invitations) is not handled one database round trip at a time. Which events
 * were already processed is read once for the whole batch, and the new records are written
 * together at the end (`MessageProcessor.beginBatch` / `endBatch`).
 *
 * The offset committed is the end of the longest prefix of the batch whose messages were all
 * handled, skipped or dead-lettered: a message interrupted (shutdown, partition revoked) or that
 * could not be settled (the dead-letter write failed) is fetched again with everything after it,
 * and handlers tolerate the redelivery of those after it that did run (at-least-once). Throws
 * after committing that prefix when settling a message failed, so kafkajs fetches it again.
 */
export async function consumeBatch(
  { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: BatchPayload,
  processor: Pick<MessageProcessor, 'process' | 'beginBatch' | 'endBatch'>,
  isClosing: () => boolean,
  { keyConcurrency }: ConsumeBatchOptions = { keyConcurrency: 1 },
): Promise<void> {
  const { topic, partition, messages } = batch;
  if (messages.length === 0) return;
  const shouldStop = (): boolean => isClosing() || !isRunning() || isStale();
  const settled = new Set<string>();
  let failure: unknown;
  let state: BatchState | undefined;

  try {
    state = await processor.beginBatch(topic, messages);
    const queues = [...groupByKey(messages).values()];
    const worker = async (): Promise<void> => {
      for (let queue = queues.shift(); queue && failure === undefined; queue = queues.shift()) {
        for (const message of queue) {
          if (shouldStop() || failure !== undefined) return;
          const outcome = await processor.process({ topic, partition, ...message }, { heartbeat, shouldStop }, state);
          if (outcome.status === 'interrupted') return;
          settled.add(message.offset);
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(keyConcurrency, queues.length)) }, () =>
        worker().catch((error: unknown) => {
          failure ??= error;
        }),
      ),
    );
  } catch (error) {
    failure ??= error;
  }

  if (state) await processor.endBatch(state);
  let last: string | undefined;
  for (const message of messages) {
    if (!settled.has(message.offset)) break;
    last = message.offset;
  }
  if (last !== undefined) {
    resolveOffset(last);
    await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: (BigInt(last) + 1n).toString() }] }] });
  }
  if (failure !== undefined) throw failure;
}

/** Messages per key, each list in offset order; messages without a key keep their own order in one list. */
function groupByKey(messages: KafkaMessage[]): Map<string, KafkaMessage[]> {
  const groups = new Map<string, KafkaMessage[]>();
  for (const message of messages) {
    const key = message.key === null ? '\u0000no-key' : `k:${message.key.toString('base64')}`;
    const group = groups.get(key);
    if (group) group.push(message);
    else groups.set(key, [message]);
  }
  return groups;
}
