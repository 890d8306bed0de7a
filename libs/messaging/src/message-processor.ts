import type { LoggerService } from '@nestjs/common';
import { envelopeSchema, EventValidationError, formatIssues, parseEvent, type EventContract, type EventEnvelope } from '@portico/contracts';
import { backoffDelay, type BackoffPolicy } from './backoff';
import { consumerMetrics } from './consumer-metrics';
import { ReplayHeaders } from './dead-letter-headers';
import { inConsumerSpan } from './trace-context';
import type { MessageContext } from './message-context';
import type { ProcessedEventRecord, ProcessedEventStore } from './processed-event-store';

/** A consumed Kafka record, as much of it as processing needs. */
export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

/** The handler registered for one event type and version. */
export interface EventRoute {
  contract: EventContract;
  /** Runs the handler; rejects with the error it threw. */
  invoke(context: MessageContext): Promise<void>;
}

/** Everything a dead-letter record says about the message given up on. */
export interface DeadLetter {
  service: string;
  groupId: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  reason: string;
  attempts: number;
  failedAt: string;
  eventId: string | null;
  eventType: string | null;
}

export type Outcome =
  | { status: 'handled'; attempts: number }
  | { status: 'duplicate' }
  | { status: 'ignored' }
  | { status: 'dead-lettered'; reason: string; attempts: number }
  /** Shutdown or partition revoked while waiting to retry: leave the offset uncommitted. */
  | { status: 'interrupted'; attempts: number };

export interface MessageProcessorOptions {
  service: string;
  groupId: string;
  maxAttempts: number;
  backoff: BackoffPolicy;
  /** How often to heartbeat while a handler runs or a retry waits. */
  heartbeatIntervalMs: number;
  findRoute(topic: string, type: string, version: number): EventRoute | undefined;
  processedEvents: ProcessedEventStore;
  /** Writes the dead letter; rejects if it could not (the message then stays uncommitted). */
  deadLetter(record: DeadLetter): Promise<void>;
  logger: LoggerService;
}

/**
 * What the processing of one fetched batch shares: the ids of its events already processed
 * (read once for the batch) and the records of those handled now (written once, at the end).
 */
export interface BatchState {
  processed: Set<string>;
  handled: ProcessedEventRecord[];
}

/** What the consumer loop lends to the processing of one message. */
export interface ProcessingControl {
  heartbeat(): Promise<void>;
  shouldStop(): boolean;
}

/**
 * Decides what happens to one message: decode and validate, dispatch by type and version,
 * retry a failing handler with backoff, dead-letter what cannot be handled. The caller commits
 * the offset for every outcome except `interrupted` (and except a thrown error: a failed
 * dead-letter write or a rebalance seen while heartbeating).
 */
export class MessageProcessor {
  /** A message is decoded once, though both the batch's read and its processing look at it. */
  private readonly decoded = new WeakMap<Buffer, ReturnType<typeof decode>>();

  constructor(private readonly options: MessageProcessorOptions) {}

  /** Reads which of the batch's events (those this service handles) this group already processed, in one query. */
  async beginBatch(topic: string, messages: readonly Pick<IncomingMessage, 'value'>[]): Promise<BatchState> {
    const ids = messages.flatMap((message) => {
      const decoded = this.decode(message.value);
      if (!('value' in decoded) || this.notOurs(topic, decoded.value)) return [];
      const id = (decoded.value as { id?: unknown } | null)?.id;
      return typeof id === 'string' ? [id] : [];
    });
    return { processed: await this.options.processedEvents.processedAmong(this.options.groupId, ids), handled: [] };
  }

  private decode(value: Buffer | null): ReturnType<typeof decode> {
    if (!value) return decode(value);
    let decoded = this.decoded.get(value);
    if (!decoded) this.decoded.set(value, (decoded = decode(value)));
    return decoded;
  }

  /**
   * Other services' events share the topic: a message naming a well-formed type and version
   * that no handler here takes is not ours, decided before its envelope is validated (most of a
   * busy topic's messages, for most consumers). One naming no type at all is still checked.
   */
  private notOurs(topic: string, value: unknown): boolean {
    const { type, version } = (value ?? {}) as { type?: unknown; version?: unknown };
    return typeof type === 'string' && Number.isInteger(version) && !this.options.findRoute(topic, type, version as number);
  }

  /**
   * Records the batch's handled events. A failure to record must not run them again now: the
   * records only protect against a later duplicate, which handlers must tolerate anyway (README).
   */
  async endBatch(state: BatchState): Promise<void> {
    if (state.handled.length === 0) return;
    try {
      await this.options.processedEvents.markManyProcessed(this.options.groupId, state.handled);
    } catch (error) {
      this.options.logger.warn(`${state.handled.length} event(s) handled but not recorded as processed: ${errorMessage(error)}`);
    }
  }

  /** Without `batch`, the processed-event record is read and written for this message alone. */
  async process(message: IncomingMessage, control: ProcessingControl, batch?: BatchState): Promise<Outcome> {
    const decoded = this.decode(message.value);
    if ('error' in decoded) return this.deadLetter(message, `schema: ${decoded.error}`, 0, null);
    if (this.notOurs(message.topic, decoded.value)) return { status: 'ignored' };
    const envelope = envelopeSchema.safeParse(decoded.value);
    if (!envelope.success) return this.deadLetter(message, `schema: ${formatIssues(envelope.error.issues)}`, 0, null);
    const { id, type, version } = envelope.data;

    const route = this.options.findRoute(message.topic, type, version);
    if (!route) {
      // Other services' events share the topic: not ours to handle, nothing wrong.
      this.options.logger.debug?.(`Skipping ${type} v${version} ${id}: no handler in ${this.options.service}`);
      return { status: 'ignored' };
    }

    let event: EventEnvelope;
    try {
      event = parseEvent(route.contract, decoded.value);
    } catch (error) {
      if (!(error instanceof EventValidationError)) throw error;
      // Retrying cannot fix a malformed message.
      return this.deadLetter(message, `schema: ${error.message}`, 0, envelope.data);
    }
    return this.handle(message, event, route, control, batch);
  }

  private async handle(message: IncomingMessage, event: EventEnvelope, route: EventRoute, control: ProcessingControl, batch?: BatchState): Promise<Outcome> {
    const { groupId, maxAttempts, backoff, processedEvents, logger } = this.options;
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        consumerMetrics.retries.inc({ topic: message.topic, group: groupId });
        await this.waitHeartbeating(backoffDelay(backoff, attempt - 1), control);
        if (control.shouldStop()) return { status: 'interrupted', attempts: attempt - 1 };
      }
      try {
        // In a batch, the first attempt trusts the batch's read; a retry asks again (a concurrent
        // replica may have handled it meanwhile after a rebalance).
        const processed = batch && attempt === 1 ? batch.processed.has(event.id) : await processedEvents.isProcessed(groupId, event.id);
        if (processed) {
          this.noteReplay(message, event, 'already processed by this group, skipped');
          return { status: 'duplicate' };
        }
        const context: MessageContext = {
          event,
          eventId: event.id,
          correlationId: event.correlationId,
          causationId: event.causationId,
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          attempt,
        };
        const traceparent = headerOf(message.headers, 'traceparent');
        await this.heartbeatWhile(
          inConsumerSpan({ ...message, traceparent }, event, () => route.invoke(context)),
          control,
        );
      } catch (error) {
        lastError = error;
        logger.warn(`${event.type} ${event.id} failed (attempt ${attempt}/${maxAttempts}): ${errorMessage(error)}`);
        continue;
      }
      const record = { eventId: event.id, type: event.type, topic: message.topic, partition: message.partition, offset: message.offset };
      if (batch) {
        // The same event twice in one batch (a producer retry) runs once.
        batch.processed.add(event.id);
        batch.handled.push(record);
      } else {
        await this.markProcessed(record);
      }
      consumerMetrics.handled.inc({ topic: message.topic, group: groupId });
      this.noteReplay(message, event, 'handled');
      return { status: 'handled', attempts: attempt };
    }
    return this.deadLetter(message, `handler: ${errorMessage(lastError)}`, maxAttempts, event);
  }

  /** A dead letter republished by tools/dlq says so in the log, with what became of it. */
  private noteReplay(message: IncomingMessage, event: EventEnvelope, outcome: string): void {
    const from = headerOf(message.headers, ReplayHeaders.replayedFrom);
    if (from) this.options.logger.log(`${event.type} ${event.id} replayed from ${from}: ${outcome}`);
  }

  /**
   * The handler succeeded; a failure to record that must not run it again now. The record only
   * protects against a later duplicate, which handlers must tolerate anyway (README).
   */
  private async markProcessed(record: ProcessedEventRecord): Promise<void> {
    try {
      await this.options.processedEvents.markProcessed(this.options.groupId, record);
    } catch (error) {
      this.options.logger.warn(`${record.type} ${record.eventId} handled but not recorded as processed: ${errorMessage(error)}`);
    }
  }

  private async deadLetter(message: IncomingMessage, reason: string, attempts: number, event: Pick<EventEnvelope, 'id' | 'type'> | null): Promise<Outcome> {
    const { service, groupId, logger } = this.options;
    await this.options.deadLetter({
      service,
      groupId,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key?.toString('utf8') ?? null,
      value: message.value?.toString('utf8') ?? null,
      headers: stringHeaders(message.headers),
      reason,
      attempts,
      failedAt: new Date().toISOString(),
      eventId: event?.id ?? null,
      eventType: event?.type ?? null,
    });
    consumerMetrics.deadLettered.inc({ topic: message.topic, group: groupId });
    logger.error(`Dead-lettered ${message.topic}[${message.partition}]@${message.offset} after ${attempts} attempt(s): ${reason}`);
    return { status: 'dead-lettered', reason, attempts };
  }

  /**
   * Sleeps in short steps so the group does not evict us during a long backoff and a shutdown
   * is noticed within 100 ms. kafkajs only sends a heartbeat once its interval has passed, so
   * calling it often costs nothing.
   */
  private async waitHeartbeating(ms: number, control: ProcessingControl): Promise<void> {
    const until = Date.now() + ms;
    while (!control.shouldStop()) {
      const left = until - Date.now();
      if (left <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, this.options.heartbeatIntervalMs, 100)));
      await control.heartbeat();
    }
  }

  private async heartbeatWhile<T>(work: Promise<T>, control: ProcessingControl): Promise<T> {
    // Errors here are rebalances; the next heartbeat or commit after the handler sees them again.
    const timer = setInterval(() => void control.heartbeat().catch(() => undefined), this.options.heartbeatIntervalMs);
    try {
      return await work;
    } finally {
      clearInterval(timer);
    }
  }
}

function decode(value: Buffer | null): { value: unknown } | { error: string } {
  if (!value || value.length === 0) return { error: 'empty message' };
  try {
    return { value: JSON.parse(value.toString('utf8')) };
  } catch (error) {
    return { error: `invalid JSON: ${errorMessage(error)}` };
  }
}

function headerOf(headers: IncomingMessage['headers'], name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

function stringHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = (Array.isArray(value) ? value : [value]).map(String).join(',');
  }
  return out;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
