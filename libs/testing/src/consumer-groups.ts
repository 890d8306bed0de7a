import { Kafka, logLevel } from 'kafkajs';
import { waitFor } from './wait-for';

/**
 * Commits the current end of `topics` as the starting point of consumer group `groupId`, so a
 * service started with that group handles only what is produced from now on. A new group
 * otherwise starts at the beginning (what production wants, to build projections), and a
 * test's service would first replay every earlier test's events on a shared broker (slow),
 * and act on some of them (e.g. send their emails again).
 */
export async function startConsumerGroupAtEnd(brokers: string[], groupId: string, topics: string | string[]): Promise<void> {
  const kafka = new Kafka({ clientId: `test-group-${groupId}`, brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  let ends: Array<{ topic: string; partitions: Array<{ partition: number; high: string }> }>;
  try {
    // A topic that does not exist yet (a fresh private broker) has no earlier events to skip.
    const existing = new Set(await admin.listTopics());
    const wanted = (Array.isArray(topics) ? topics : [topics]).filter((topic) => existing.has(topic));
    // A just-created topic may answer "not the leader" for a moment (a fresh private broker).
    ends = await Promise.all(
      wanted.map(async (topic) => ({
        topic,
        partitions: await waitFor(() => admin.fetchTopicOffsets(topic), { timeoutMs: 15_000, intervalMs: 200, description: `the offsets of ${topic}` }),
      })),
    );
  } finally {
    await admin.disconnect();
  }
  if (ends.length === 0) return;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: ends.map(({ topic }) => topic), fromBeginning: true });
    // Seeking a paused consumer commits the offsets; the first fetch after it means they are in.
    // (admin.setOffsets would do the same but waits for the group to settle, ~5 s per topic.)
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => void consumer.stop().then(resolve, reject));
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause(ends.map(({ topic }) => ({ topic })));
      for (const { topic, partitions } of ends) for (const { partition, high } of partitions) consumer.seek({ topic, partition, offset: high });
    });
  } finally {
    await consumer.disconnect();
  }
}
