import { Kafka, logLevel } from 'kafkajs';

/**
 * Commits the current end of `topic` as the starting point of consumer group `groupId`, so a
 * service started with that group handles only what is produced from now on. A new group
 * otherwise starts at the beginning (what production wants, to build projections), and a
 * test's service would act on every earlier test's events, e.g. send their emails again.
 */
export async function startConsumerGroupAtEnd(brokers: string[], groupId: string, topic: string): Promise<void> {
  const kafka = new Kafka({ clientId: `test-group-${groupId}`, brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    // Seeking a paused consumer commits the offsets; the first fetch after it means they are in.
    // (admin.setOffsets would do the same but waits for the group to settle, ~5 s.)
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => void consumer.stop().then(resolve, reject));
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause([{ topic }]);
      for (const { partition, high } of ends) consumer.seek({ topic, partition, offset: high });
    });
  } finally {
    await consumer.disconnect();
  }
}
