import { createKafka, type KafkaConnection } from '@portico/messaging';
import { Partitioners, type Admin, type Kafka, type Producer, type RetryOptions } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { classifyRecord, type Coordinates, type DltRecord, type OutgoingMessage } from './records';

/** Exit status 1, with a message for a person (no stack). */
export class DlqError extends Error {
  override readonly name = 'DlqError';
}

/** One partition of the dead-letter topic when the command started: records [low, high). */
export interface PartitionRange {
  partition: number;
  low: string;
  high: string;
}

/** Consumer groups of this tool start with it (a prefix ACL can allow them). */
export const GROUP_PREFIX = 'portico-dlq-';
export const CLIENT_ID = 'portico-dlq';

// A command line tool should say "cannot reach" in seconds, not after the services' minute of retries.
const retry: RetryOptions = { retries: 5, initialRetryTime: 300, maxRetryTime: 3000 };

/** How long a read may go without a record before it is called stuck. */
const STALL_MS = 30_000;

export interface ReadProgress {
  read: number;
  total: number;
}

/** The Kafka side of the tool: one admin, a reader per command, a producer for replays. */
export class DltKafka {
  private readonly kafka: Kafka;
  private admin: Admin | undefined;
  private producer: Producer | undefined;

  constructor(private readonly connection: KafkaConnection) {
    this.kafka = createKafka({ ...connection, clientId: CLIENT_ID }, retry);
  }

  private async connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin({ retry });
      try {
        await admin.connect();
      } catch (error) {
        throw new DlqError(`cannot connect to Kafka at ${this.connection.brokers.join(',')} (KAFKA_BROKERS): ${(error as Error).message}`);
      }
      this.admin = admin;
    }
    return this.admin;
  }

  async listTopics(): Promise<string[]> {
    return (await this.connected()).listTopics();
  }

  /** The partitions of `topic` and their first and next offsets, now. */
  async ranges(topic: string): Promise<PartitionRange[]> {
    const offsets = await (await this.connected()).fetchTopicOffsets(topic);
    return offsets.map(({ partition, low, high }) => ({ partition, low, high })).sort((a, b) => a.partition - b.partition);
  }

  /**
   * Reads `topic` from `ranges`' low to high offsets (what was there at the start), with a
   * consumer group of its own that commits nothing, and classifies each record.
   */
  async read(topic: string, ranges: readonly PartitionRange[], onProgress?: (progress: ReadProgress) => void): Promise<DltRecord[]> {
    const pending = new Map(ranges.filter((range) => BigInt(range.high) > BigInt(range.low)).map((range) => [range.partition, range]));
    const total = ranges.reduce((sum, range) => sum + Number(BigInt(range.high) - BigInt(range.low)), 0);
    const records: DltRecord[] = [];
    if (pending.size === 0) return records;

    const consumer = this.kafka.consumer({ groupId: `${GROUP_PREFIX}${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 500, retry });
    let read = 0;
    let lastProgress = Date.now();
    let finish!: () => void;
    let fail!: (error: Error) => void;
    const done = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    // A partition is read once the next offset to fetch reaches its end. Batches that held only
    // records the consumer filters out (transaction markers) reach eachBatch never, this event always.
    const advance = (partition: number, next: bigint): void => {
      const range = pending.get(partition);
      if (range && next >= BigInt(range.high)) pending.delete(partition);
      if (pending.size === 0) finish();
    };
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.topic === topic) advance(payload.partition, BigInt(payload.lastOffset) + 1n);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => fail(new DlqError(`reading ${topic} failed: ${payload.error.message}`)));
    const stall = setInterval(() => {
      if (Date.now() - lastProgress > STALL_MS) {
        const where = [...pending.values()].map((range) => `partition ${range.partition} (end ${range.high})`).join(', ');
        fail(new DlqError(`reading ${topic} stalled: nothing read for ${STALL_MS / 1000} s, still missing ${where}`));
      }
    }, 1000);
    try {
      try {
        await consumer.connect();
      } catch (error) {
        throw new DlqError(`cannot connect to Kafka at ${this.connection.brokers.join(',')} (KAFKA_BROKERS): ${(error as Error).message}`);
      }
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const range = pending.get(batch.partition);
          if (!range) return;
          for (const message of batch.messages) {
            if (BigInt(message.offset) >= BigInt(range.high)) break;
            records.push(classifyRecord({ partition: batch.partition, offset: message.offset }, message));
            read++;
          }
          lastProgress = Date.now();
          onProgress?.({ read, total });
        },
      });
      await done;
    } finally {
      clearInterval(stall);
      await consumer.disconnect().catch(() => undefined);
    }
    return records;
  }

  /** Sends one message with the idempotent producer (acks=all) and says where it landed. */
  async send(topic: string, message: OutgoingMessage): Promise<Coordinates> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // EventPublisher's partitioner: a replay lands on the partition its key lands on for every producer.
        createPartitioner: Partitioners.DefaultPartitioner,
        retry,
      });
      await producer.connect();
      this.producer = producer;
    }
    const [meta] = await this.producer.send({ topic, acks: -1, messages: [message] });
    if (!meta) throw new DlqError(`Kafka acknowledged the send to ${topic} without saying where`);
    return { topic, partition: meta.partition, offset: meta.baseOffset ?? meta.offset ?? '?' };
  }

  async close(): Promise<void> {
    await Promise.all([this.producer?.disconnect(), this.admin?.disconnect()].map((p) => p?.catch(() => undefined)));
  }
}
