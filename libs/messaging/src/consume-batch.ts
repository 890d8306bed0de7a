import type { EachBatchPayload } from 'kafkajs';
import type { MessageProcessor } from './message-processor';

type BatchPayload = Pick<EachBatchPayload, 'batch' | 'resolveOffset' | 'heartbeat' | 'isRunning' | 'isStale' | 'commitOffsetsIfNecessary'>;

/**
 * Processes one fetched batch of a partition, message after message. The offset (offset + 1)
 * is committed as soon as a message was handled or dead-lettered; skipped messages (not ours,
 * duplicates) are committed with the next commit or at the end of the batch, which saves a
 * round trip per message on topics shared with other services and is safe: if that commit is
 * lost they are skipped again. Returns early when the consumer stops, the partition is revoked
 * or the processor was interrupted; throws (without committing the message) when settling it
 * failed, so kafkajs fetches it again.
 */
export async function consumeBatch(
  { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: BatchPayload,
  processor: Pick<MessageProcessor, 'process'>,
  isClosing: () => boolean,
): Promise<void> {
  const { topic, partition } = batch;
  const shouldStop = (): boolean => isClosing() || !isRunning() || isStale();
  let uncommitted: string | undefined;
  const commit = async (): Promise<void> => {
    if (uncommitted === undefined) return;
    await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: uncommitted }] }] });
    uncommitted = undefined;
  };

  for (const message of batch.messages) {
    if (shouldStop()) break;
    const outcome = await processor.process({ topic, partition, ...message }, { heartbeat, shouldStop });
    if (outcome.status === 'interrupted') break;
    resolveOffset(message.offset);
    uncommitted = (BigInt(message.offset) + 1n).toString();
    if (outcome.status === 'handled' || outcome.status === 'dead-lettered') await commit();
  }
  await commit();
}
