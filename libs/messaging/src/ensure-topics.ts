import { Logger } from '@nestjs/common';
import type { TopicSpec } from '@portico/contracts';
import { createKafka } from './kafka-client';

/**
 * Creates the declared topics that do not exist yet (the brokers never auto-create them) and
 * waits for their leaders. Safe to run from several processes at once. An existing topic with
 * fewer partitions than declared is reported, not changed: adding partitions moves keys, which
 * breaks per-key order, so it is an operator's decision.
 */
const SERVED_DEADLINE_MS = 30_000;

/**
 * `waitForLeaders` returns once the controller has elected leaders, but a broker may not serve
 * the new partitions yet: a consumer subscribing at that moment fails with "This server does
 * not host this topic-partition". Poll the metadata until every partition has a leader.
 */
async function waitUntilServed(admin: ReturnType<ReturnType<typeof createKafka>['admin']>, names: string[]): Promise<void> {
  const deadline = Date.now() + SERVED_DEADLINE_MS;
  for (;;) {
    const served = await admin
      .fetchTopicMetadata({ topics: names })
      .then(({ topics }) => topics.length === names.length && topics.every((topic) => topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0 && p.partitionErrorCode === 0)))
      .catch(() => false);
    if (served) return;
    if (Date.now() >= deadline) throw new Error(`Topics ${names.join(', ')} are not all created and led after ${SERVED_DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function ensureTopics(brokers: string[], topics: readonly TopicSpec[]): Promise<{ created: string[]; existing: string[] }> {
  const logger = new Logger('ensureTopics');
  const wanted = new Map(topics.map((topic) => [topic.name, topic]));
  const admin = createKafka({ brokers, clientId: 'portico-topics' }).admin();
  await admin.connect();
  try {
    const present = new Set(await admin.listTopics());
    const missing = [...wanted.values()].filter((topic) => !present.has(topic.name));
    if (missing.length > 0) {
      // No `waitForLeaders`: kafkajs gives up on "does not host this topic-partition" while a
      // broker catches up (several services creating topics at once on a new broker);
      // waitUntilServed below polls past it. A create that lost the race to another process
      // ("already exists") is just as good.
      await admin
        .createTopics({ topics: missing.map((topic) => ({ topic: topic.name, numPartitions: topic.partitions })), waitForLeaders: false })
        .catch((error: unknown) => logger.warn(`Creating topics: ${(error as Error).message}; checking what exists`));
      logger.log(`Creating ${missing.map((topic) => `${topic.name} (${topic.partitions})`).join(', ')}`);
    }
    // Also the topics another process created a moment ago (services start together on a new broker).
    await waitUntilServed(admin, [...wanted.keys()]);
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
