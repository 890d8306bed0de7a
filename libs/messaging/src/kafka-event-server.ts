import { Logger } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { deadLetterTopic } from '@portico/contracts';
import type { Consumer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { defaultBackoff, type BackoffPolicy } from './backoff';
import { createKafka, type KafkaConnectionOptions } from './kafka-client';
import { runInMessageContext, takeHandlerError, type MessageContext } from './message-context';
import { consumeBatch } from './consume-batch';
import { consumerMetrics, setConsumerState } from './consumer-metrics';
import { deadLetterHeaders } from './dead-letter-headers';
import { errorMessage, MessageProcessor, type DeadLetter, type EventRoute } from './message-processor';
import { contractForPattern, eventPattern, parseEventPattern } from './on-event';
import type { ProcessedEventStore } from './processed-event-store';
import { ReliableProducer } from './reliable-producer';
import { detached } from './trace-context';

/** The connection (brokers, TLS, SASL; see kafkaConnectionFromConfig) serves the consumer and the dead-letter producer. */
export interface KafkaEventServerOptions extends KafkaConnectionOptions {
  /** Consumer group: the service name, so its replicas share the partitions. */
  groupId: string;
  /** Names the dead-letter topic: `portico.dlt.<service>.v1`. */
  service: string;
  processedEvents: ProcessedEventStore;
  /** Handler attempts before dead-lettering (default 5). */
  maxAttempts?: number;
  backoff?: Partial<BackoffPolicy>;
  /** The broker's minimum is 6 s; lower means a crashed replica's partitions move sooner (default 10 s). */
  sessionTimeout?: number;
  heartbeatInterval?: number;
  /** How long `close()` waits for the message in flight (default 10 s). */
  shutdownTimeoutMs?: number;
  /**
   * Partitions handled in parallel by one replica (default 1). Order within a partition (a key)
   * holds whatever the value; raise it for handlers that wait on I/O.
   */
  partitionsConsumedConcurrently?: number;
  /**
   * Keys of one partition handled at the same time (default 4); a key's events always run in
   * order. 1 = strictly one message at a time per partition.
   */
  keyConcurrency?: number;
  /**
   * Processed-event records older than this are deleted, at start and every `purgeIntervalMs`
   * (default 1 h). Unset: kept for ever. Must outlast every way a duplicate can still arrive
   * (topic retention, a dead-letter replay).
   */
  processedEventsRetentionMs?: number;
  purgeIntervalMs?: number;
}

/** Second argument of an `@OnEvent` handler (`@Ctx()`): where the message came from. */
export class KafkaEventContext extends BaseRpcContext<[MessageContext]> {
  get message(): MessageContext {
    return this.args[0];
  }
}

/**
 * Consumes the topics of the `@OnEvent` handlers registered in the app (see README for why
 * not Nest's ServerKafka). A partition's fetched batch is handled key by key (see consumeBatch);
 * an offset is committed only once it and everything before it were handled, skipped as a
 * duplicate or not ours, or written to the dead-letter topic.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(KafkaEventServer.name);
  private readonly options: Required<Omit<KafkaEventServerOptions, 'backoff' | 'ssl' | 'sasl' | 'processedEventsRetentionMs'>> &
    Pick<KafkaEventServerOptions, 'ssl' | 'sasl' | 'processedEventsRetentionMs'> & { backoff: BackoffPolicy };
  private purgeTimer: NodeJS.Timeout | undefined;
  private purging: Promise<void> | undefined;
  private consumer: Consumer | undefined;
  private deadLetters: ReliableProducer | undefined;
  private closing = false;
  private closed: Promise<void> | undefined;
  private readonly shutdown = new AbortController();
  /** Routes by pattern: handlers are registered before consuming starts, and Nest's lookup costs a thrown JSON.parse per call. */
  private readonly routes = new Map<string, EventRoute | undefined>();

  constructor(options: KafkaEventServerOptions) {
    super();
    this.options = {
      maxAttempts: 5,
      sessionTimeout: 10_000,
      heartbeatInterval: 3_000,
      shutdownTimeoutMs: 10_000,
      partitionsConsumedConcurrently: 1,
      keyConcurrency: 4,
      purgeIntervalMs: 60 * 60_000,
      ...withoutUndefined(options),
      backoff: { ...defaultBackoff, ...withoutUndefined(options.backoff ?? {}) },
    };
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async start(): Promise<void> {
    const { brokers, clientId, ssl, sasl, groupId, service, sessionTimeout, heartbeatInterval } = this.options;
    const connection: KafkaConnectionOptions = { brokers, clientId, ssl, sasl };
    const topics = this.subscribedTopics();
    if (topics.length === 0) {
      this.logger.warn('No @OnEvent handlers registered: not consuming');
      return;
    }
    this.deadLetters = ReliableProducer.create(connection, `${KafkaEventServer.name}:dlt`);
    const consumer = (this.consumer = createKafka(connection).consumer({
      groupId,
      sessionTimeout,
      heartbeatInterval,
      allowAutoTopicCreation: false,
      // Stopping waits for the fetch in flight; kafkajs' default long poll (5 s) made every
      // shutdown take that long. One idle fetch a second is cheap.
      maxWaitTimeInMs: 1000,
    }));
    setConsumerState(groupId, { state: 'starting' });
    consumer.on(consumer.events.GROUP_JOIN, () => setConsumerState(groupId, { state: 'running' }));
    consumer.on(consumer.events.STOP, () => setConsumerState(groupId, { state: 'stopped' }));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // Not ready until it rejoins the group (kafkajs restarts it when the error is retriable).
      setConsumerState(groupId, { state: 'crashed', reason: payload.error.message, restarting: payload.restart });
      this.logger.error(`Consumer crashed (${payload.restart ? 'restarting' : 'not restarting'}): ${payload.error.message}`);
    });

    const processor = new MessageProcessor({
      service,
      groupId,
      maxAttempts: this.options.maxAttempts,
      backoff: this.options.backoff,
      heartbeatIntervalMs: heartbeatInterval,
      processedEvents: this.options.processedEvents,
      findRoute: (topic, type, version) => this.route(topic, type, version),
      deadLetter: (record) => this.writeDeadLetter(record),
      logger: this.logger,
    });

    await consumer.connect();
    // A new group starts at the oldest retained event: events published before a service's
    // first start are its backlog, not noise.
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      // eachBatch rather than eachMessage: its payload tells us when the partition was taken
      // away (isStale), so a message waiting to be retried is abandoned instead of committed
      // by a stale owner; and we resolve and commit each offset ourselves.
      eachBatch: async (payload) => {
        const { topic, partition, messages } = payload.batch;
        const labels = { topic, group: groupId };
        consumerMetrics.consumed.inc(labels, messages.length);
        consumerMetrics.lag.set({ ...labels, partition: String(partition) }, Number(payload.batch.offsetLagLow()));
        await consumeBatch(payload, processor, () => this.closing, { keyConcurrency: this.options.keyConcurrency });
        consumerMetrics.lag.set({ ...labels, partition: String(partition) }, Number(payload.batch.offsetLag()));
      },
    });
    this.logger.log(`Consuming ${topics.join(', ')} as ${groupId}`);
    this.schedulePurge(0);
  }

  /** Retention of the processed-event records: one purge at a time, every replica (deleting is idempotent). */
  private schedulePurge(delayMs: number): void {
    const retentionMs = this.options.processedEventsRetentionMs;
    if (retentionMs === undefined || this.closing) return;
    this.purgeTimer = setTimeout(
      detached(() => {
        this.purging = this.purge(retentionMs).finally(() => this.schedulePurge(this.options.purgeIntervalMs));
      }),
      delayMs,
    );
    this.purgeTimer.unref();
  }

  private async purge(retentionMs: number): Promise<void> {
    const before = new Date(Date.now() - retentionMs);
    try {
      const deleted = await this.options.processedEvents.deleteProcessedBefore(before);
      if (deleted > 0) this.logger.log(`Deleted ${deleted} processed-event records from before ${before.toISOString()} (retention)`);
    } catch (error) {
      this.logger.warn(`Purging processed-event records failed (next in ${this.options.purgeIntervalMs} ms): ${errorMessage(error)}`);
    }
  }

  /** The `@OnEvent` handler for this event (validation contract + invocation), if any. */
  route(topic: string, type: string, version: number): EventRoute | undefined {
    const pattern = eventPattern(topic, type, version);
    if (!this.routes.has(pattern)) this.routes.set(pattern, this.routeOf(pattern));
    return this.routes.get(pattern);
  }

  private routeOf(pattern: string): EventRoute | undefined {
    const handler = this.getHandlerByPattern(pattern);
    const contract = contractForPattern(pattern);
    if (!handler || !contract) return undefined;
    return {
      contract,
      invoke: (context) =>
        runInMessageContext(context, async () => {
          try {
            const result = await handler(context.event, new KafkaEventContext([context]));
            await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
          } catch (error) {
            // Prefer what the handler threw over what an exception filter made of it.
            const thrown = takeHandlerError(context);
            throw thrown ?? (error instanceof Error ? error : new Error(errorMessage(error)));
          }
        }),
    };
  }

  private async writeDeadLetter(record: DeadLetter): Promise<void> {
    if (!this.deadLetters) throw new Error('Dead-letter producer not started');
    const headers: Record<string, string> = { ...record.headers, ...deadLetterHeaders(record) };
    await this.deadLetters.send([{ topic: deadLetterTopic(record.service), messages: [{ key: record.key, value: JSON.stringify(record), headers }] }], {
      deadlineMs: 10_000,
      signal: this.shutdown.signal,
    });
  }

  private subscribedTopics(): string[] {
    const topics = new Set<string>();
    for (const pattern of this.getHandlers().keys()) {
      const parsed = parseEventPattern(pattern);
      if (parsed && contractForPattern(pattern)) topics.add(parsed.topic);
      else this.logger.warn(`Handler for "${pattern}" is not an @OnEvent handler: ignored`);
    }
    return [...topics];
  }

  /**
   * Stops fetching, lets the message in flight finish (its offset is committed as usual) or
   * abandons its retry wait, then leaves the group and disconnects. Bounded by shutdownTimeoutMs:
   * past it we disconnect anyway and the message is redelivered to another member.
   */
  close(): Promise<void> {
    this.closed ??= this.stop();
    return this.closed;
  }

  private async stop(): Promise<void> {
    this.closing = true;
    clearTimeout(this.purgeTimer);
    await this.purging;
    const consumer = this.consumer;
    if (consumer) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.options.shutdownTimeoutMs)));
      const result = await Promise.race([consumer.stop().then(() => 'stopped' as const), deadline]);
      clearTimeout(timer);
      if (result === 'timeout') this.logger.warn(`Message in flight did not finish within ${this.options.shutdownTimeoutMs} ms; disconnecting`);
      this.shutdown.abort();
      await consumer.disconnect().catch((error: unknown) => this.logger.warn(`Consumer disconnect failed: ${errorMessage(error)}`));
    }
    await this.deadLetters?.disconnect().catch((error: unknown) => this.logger.warn(`Producer disconnect failed: ${errorMessage(error)}`));
  }

  on(): never {
    throw new Error('KafkaEventServer does not expose transport events');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('KafkaEventServer is not listening');
    return this.consumer as T;
  }
}

/** So that `{ maxAttempts: undefined }` (an unset config value) keeps the default. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
