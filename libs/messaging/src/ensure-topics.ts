import { Logger } from '@nestjs/common';
import type { TopicSpec } from '@portico/contracts';
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { asKafkaConnection, createKafka, type KafkaConnection } from './kafka-client';

const SERVED_DEADLINE_MS = 30_000;

/**
 * `waitForLeaders` returns once the controller has elected leaders, but a broker may not serve
 * the new partitions yet: a consumer subscribing at that moment fails with "This server does
 * not host this topic-partition". Poll the metadata until every partition has a leader.
 */
async function waitUntilServed(admin: Admin, names: string[]): Promise<void> {
  const deadline = Date.now() + SERVED_DEADLINE_MS;
  for (;;) {
    const served = await admin
      .fetchTopicMetadata({ topics: names })
      .then(
        ({ topics }) =>
          topics.length === names.length &&
          topics.every((topic) => topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0 && p.partitionErrorCode === 0)),
      )
      .catch(() => false);
    if (served) return;
    if (Date.now() >= deadline) throw new Error(`Topics ${names.join(', ')} are not all created and led after ${SERVED_DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface EnsureTopicsOptions {
  /**
   * Create the topics that do not exist (default true). false: create nothing (a platform team
   * owns the topics) and throw MissingTopicsError naming each declared topic that is missing.
   */
  create?: boolean;
}

/** Declared topics that do not exist, in a process that may not create them. */
export class MissingTopicsError extends Error {
  override readonly name = 'MissingTopicsError';

  constructor(readonly missing: readonly TopicSpec[]) {
    super(`Kafka topics missing: ${missing.map(describeSpec).join(', ')}`);
  }
}

const RETENTION = 'retention.ms';

/** How a topic is declared, as an operator creating it needs to know. */
function describeSpec(topic: TopicSpec): string {
  return `${topic.name} (${topic.partitions} partitions${topic.retentionMs === undefined ? '' : `, ${RETENTION}=${topic.retentionMs}`})`;
}

/**
 * Creates the declared topics that do not exist yet (the brokers never auto-create them), with
 * their partition count and declared retention, and waits for their leaders. Safe to run from
 * several processes at once. With `create: false` it only checks that they exist.
 *
 * An existing topic that differs from its declaration is reported, not changed: adding
 * partitions moves keys, which breaks per-key order, and a retention someone set on purpose
 * (or a platform team's) is theirs to change, so both are an operator's decision.
 *
 * `connection`: a bare broker list means plaintext without authentication.
 */
export async function ensureTopics(
  connection: KafkaConnection | readonly string[],
  topics: readonly TopicSpec[],
  options: EnsureTopicsOptions = {},
): Promise<{ created: string[]; existing: string[] }> {
  const logger = new Logger('ensureTopics');
  const wanted = new Map(topics.map((topic) => [topic.name, topic]));
  const admin = createKafka({ ...asKafkaConnection(connection), clientId: 'portico-topics' }).admin();
  await admin.connect();
  try {
    const present = new Set(await admin.listTopics());
    const missing = [...wanted.values()].filter((topic) => !present.has(topic.name));
    if (missing.length > 0 && options.create === false) throw new MissingTopicsError(missing);
    if (missing.length > 0) {
      // No `waitForLeaders`: kafkajs gives up on "does not host this topic-partition" while a
      // broker catches up (several services creating topics at once on a new broker);
      // waitUntilServed below polls past it. A create that lost the race to another process
      // ("already exists") is just as good.
      await admin
        .createTopics({
          topics: missing.map((topic) => ({
            topic: topic.name,
            numPartitions: topic.partitions,
            configEntries: topic.retentionMs === undefined ? [] : [{ name: RETENTION, value: String(topic.retentionMs) }],
          })),
          waitForLeaders: false,
        })
        .catch((error: unknown) => logger.warn(`Creating topics: ${(error as Error).message}; checking what exists`));
      logger.log(`Creating ${missing.map(describeSpec).join(', ')}`);
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
      await warnOfRetention(
        admin,
        existing.map((name) => wanted.get(name)!),
        logger,
      );
    }
    return { created: missing.map((topic) => topic.name), existing };
  } finally {
    await admin.disconnect();
  }
}

/** Existing topics whose `retention.ms` is not the declared one (only topics that declare one). */
async function warnOfRetention(admin: Admin, topics: readonly TopicSpec[], logger: Logger): Promise<void> {
  const declaring = topics.filter((topic) => topic.retentionMs !== undefined);
  if (declaring.length === 0) return;
  try {
    const { resources } = await admin.describeConfigs({
      resources: declaring.map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: topic.name, configNames: [RETENTION] })),
      includeSynonyms: false,
    });
    for (const resource of resources) {
      const declared = declaring.find((topic) => topic.name === resource.resourceName)?.retentionMs;
      const actual = resource.configEntries.find((entry) => entry.configName === RETENTION)?.configValue;
      if (resource.errorCode !== 0 || declared === undefined || actual === undefined) continue;
      if (actual !== String(declared)) logger.warn(`${resource.resourceName} has ${RETENTION}=${actual}, ${declared} declared`);
    }
  } catch (error) {
    // Reading topic configs needs DescribeConfigs, which a locked-down user may lack: the topics are there, which is what matters.
    logger.warn(`Could not read the retention of ${declaring.map((topic) => topic.name).join(', ')}: ${(error as Error).message}`);
  }
}
