import { Logger } from '@nestjs/common';
import type { TopicSpec } from '@portico/contracts';
import { createKafka } from './kafka-client';

/**
 * Creates the declared topics that do not exist yet (the brokers never auto-create them) and
 * waits for their leaders. Safe to run from several processes at once. An existing topic with
 * fewer partitions than declared is reported, not changed: adding partitions moves keys, which
 * breaks per-key order, so it is an operator's decision.
 */
export async function ensureTopics(brokers: string[], topics: readonly TopicSpec[]): Promise<{ created: string[]; existing: string[] }> {
  const logger = new Logger('ensureTopics');
  const wanted = new Map(topics.map((topic) => [topic.name, topic]));
  const admin = createKafka({ brokers, clientId: 'portico-topics' }).admin();
  await admin.connect();
  try {
    const present = new Set(await admin.listTopics());
    const missing = [...wanted.values()].filter((topic) => !present.has(topic.name));
    if (missing.length > 0) {
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic: topic.name, numPartitions: topic.partitions })),
        waitForLeaders: true,
      });
      logger.log(`Created ${missing.map((topic) => `${topic.name} (${topic.partitions})`).join(', ')}`);
    }
    const existing = [...wanted.keys()].filter((name) => present.has(name));
    if (existing.length > 0) {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: existing });
      for (const topic of metadata) {
        const declared = wanted.get(topic.name)?.partitions ?? 0;
        if (topic.partitions.length < declared) {
          logger.warn(`${topic.name} has ${topic.partitions.length} partitions, ${declared} declared`);
        }
      }
    }
    return { created: missing.map((topic) => topic.name), existing };
  } finally {
    await admin.disconnect();
  }
}
