import { Logger } from '@nestjs/common';
import { Partitioners, type Producer, type TopicMessages } from 'kafkajs';
import { backoffDelay, sleep, type BackoffPolicy } from './backoff';
import { createKafka, isTransientKafkaError, producerRetry, type KafkaConnectionOptions } from './kafka-client';

export interface SendOptions {
  /** Give up (throw) when a transient failure lasts longer than this. */
  deadlineMs?: number;
  /** Stops waiting between retries (shutdown). */
  signal?: AbortSignal;
}

export type ProducerPort = Pick<Producer, 'connect' | 'disconnect' | 'sendBatch'>;

/** Transient failures are retried this long unless the caller says otherwise. */
export const DEFAULT_SEND_DEADLINE_MS = 30_000;
const retryBackoff: BackoffPolicy = { initialMs: 100, maxMs: 2000, factor: 2 };

/**
 * An idempotent kafkajs producer (acks = all) that sends one batch at a time and retries
 * transient failures up to a deadline.
 *
 * - One request in flight and one send at a time: kafkajs numbers idempotent batches per
 *   partition on the client, and concurrent sends get rejected as out of order or even
 *   silently dropped (tulios/kafkajs#598, #1005). Callers batch instead (the outbox relay
 *   sends many events per call), so the lost parallelism costs little.
 * - kafkajs' own retries are bounded (`producerRetry`), then this class retries with backoff: during a
 *   broker restart kafkajs rejects one send per outage with a non-retriable ECONNREFUSED
 *   (a kafkajs behaviour, seen on the local broker) that only a fresh send gets past.
 */
export class ReliableProducer {
  private readonly logger: Logger;
  private connecting: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly producer: ProducerPort,
    name: string,
  ) {
    this.logger = new Logger(name);
  }

  static create(connection: KafkaConnectionOptions, name: string): ReliableProducer {
    const producer = createKafka(connection, producerRetry).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: producerRetry,
    });
    return new ReliableProducer(producer, name);
  }

  send(topicMessages: TopicMessages[], options: SendOptions = {}): Promise<void> {
    const run = this.queue.then(() => this.sendWithRetry(topicMessages, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async disconnect(): Promise<void> {
    await this.queue;
    if (!this.connecting) return;
    this.connecting = undefined;
    await this.producer.disconnect();
  }

  private async sendWithRetry(topicMessages: TopicMessages[], { deadlineMs = DEFAULT_SEND_DEADLINE_MS, signal }: SendOptions): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.connect(deadline);
        await this.producer.sendBatch({ topicMessages, acks: -1 });
        if (attempt > 1) this.logger.log(`Sent after ${attempt} attempts`);
        return;
      } catch (error) {
        const delay = backoffDelay(retryBackoff, attempt);
        if (!isTransientKafkaError(error) || signal?.aborted || Date.now() + delay > deadline) throw error;
        this.logger.warn(`Send failed (attempt ${attempt}), retrying in ${delay} ms: ${(error as Error).message}`);
        await sleep(delay, signal);
      }
    }
  }

  /** Connects once; a failed connection is retried by the next send. Bounded by the send's deadline. */
  private async connect(deadline: number): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Timed out connecting to Kafka')), Math.max(0, deadline - Date.now()));
    });
    try {
      await Promise.race([this.connecting, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
