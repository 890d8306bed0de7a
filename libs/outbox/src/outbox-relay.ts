import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import { EventPublisher, WorkLoop } from '@portico/messaging';
import type { Model } from 'mongoose';
import { MongooseOutboxStore, type ClaimedOutbox, type OutboxBacklog, type OutboxStore } from './outbox-store';

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');

export interface OutboxRelayOptions {
  /** Delay between polls when there is no work (default 250 ms). `nudge()` skips it. */
  pollIntervalMs?: number;
  /** Documents claimed per model per tick (default 500; a claim costs three commands whatever the size). */
  batchSize?: number;
  /** How long a claimed document is ours (default 20 s: a crashed relay's documents wait no longer). Must outlast `publishDeadlineMs`. */
  leaseMs?: number;
  /** How long one publish keeps retrying a transient Kafka failure (default 10 s). */
  publishDeadlineMs?: number;
  /** Longest wait between ticks while publishing keeps failing (default 10 s). */
  maxBackoffMs?: number;
}

export interface OutboxRelayMetrics {
  published: number;
  failedTicks: number;
  lastPublishedAt: string | null;
  lastError: string | null;
}

type Publisher = Pick<EventPublisher, 'publish' | 'validate'>;

/**
 * Moves events from aggregate documents' outboxes to Kafka: claim documents with a lease,
 * publish their events in order, then remove exactly those events. At-least-once: a crash
 * after publishing and before removing publishes them again (consumers dedupe by event id);
 * a failed publish leaves them where they are. It polls (and is nudged by writers in-process)
 * rather than following a change stream: LOCAL-DB, the local server has none.
 */
@Injectable()
export class OutboxRelay implements OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly options: Required<OutboxRelayOptions>;
  private readonly stores: OutboxStore[] = [];
  /** Unique per process and start: a lease held by a previous incarnation is not ours. */
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  private readonly loop: WorkLoop;
  private readonly stats: OutboxRelayMetrics = { published: 0, failedTicks: 0, lastPublishedAt: null, lastError: null };

  constructor(
    @Inject(EventPublisher) private readonly publisher: Publisher,
    @Optional() @Inject(OUTBOX_RELAY_OPTIONS) options: OutboxRelayOptions = {},
  ) {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    this.options = { pollIntervalMs: 250, batchSize: 500, leaseMs: 20_000, publishDeadlineMs: 10_000, maxBackoffMs: 10_000, ...given };
    if (this.options.leaseMs <= this.options.publishDeadlineMs) {
      throw new Error('OutboxRelay: leaseMs must be longer than publishDeadlineMs, or two relays could publish one document at once');
    }
    this.loop = new WorkLoop(() => this.countedTick(), {
      name: 'Outbox relay',
      intervalMs: this.options.pollIntervalMs,
      maxBackoffMs: this.options.maxBackoffMs,
      logger: this.logger,
    });
  }

  /** Adds a model that uses `outboxPlugin`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any aggregate model with the plugin
  register(model: Model<any>): this {
    return this.registerStore(new MongooseOutboxStore(model));
  }

  registerStore(store: OutboxStore): this {
    this.stores.push(store);
    return this;
  }

  start(): void {
    if (this.loop.isRunning) return;
    this.loop.start();
    this.logger.log(`Relaying ${this.stores.map((store) => store.name).join(', ') || 'nothing'} every ${this.options.pollIntervalMs} ms`);
  }

  /** Stops polling; resolves once the tick in progress (if any) has finished. */
  async stop(): Promise<void> {
    // Cuts short the publisher's retry waits; the tick then releases what it claimed.
    await this.loop.stop();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Asks for a tick now, e.g. right after a write that appended events (lower latency than polling). */
  nudge(): void {
    this.loop.nudge();
  }

  metrics(): OutboxRelayMetrics {
    return { ...this.stats };
  }

  async pendingCount(): Promise<number> {
    const counts = await Promise.all(this.stores.map((store) => store.pendingCount()));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /** The backlog of every registered store together. */
  async pending(): Promise<OutboxBacklog> {
    const backlogs = await Promise.all(this.stores.map((store) => store.pending()));
    const oldest = backlogs.flatMap((backlog) => (backlog.oldestOccurredAt ? [backlog.oldestOccurredAt] : [])).sort()[0];
    return { events: backlogs.reduce((sum, backlog) => sum + backlog.events, 0), oldestOccurredAt: oldest ?? null };
  }

  /**
   * One pass over every registered store. Resolves to the number of events published and
   * whether a store had more work than one batch. Public so scripts and tests can drive it.
   */
  async tick(): Promise<{ published: number; more: boolean }> {
    let published = 0;
    let more = false;
    for (const store of this.stores) {
      const claimed = await store.claim({ owner: this.owner, now: Date.now(), leaseMs: this.options.leaseMs, limit: this.options.batchSize });
      if (claimed.length === this.options.batchSize) more = true;
      published += await this.publishClaimed(store, claimed);
    }
    return { published, more };
  }

  private async publishClaimed(store: OutboxStore, claimed: ClaimedOutbox[]): Promise<number> {
    const ready: ClaimedOutbox[] = [];
    for (const doc of claimed) {
      try {
        for (const event of doc.events) this.publisher.validate(event);
        ready.push(doc);
      } catch (error) {
        // A bug wrote an event its contract rejects: keep it (nothing is lost) and hold this one
        // document back for a while without blocking the others.
        this.logger.error(`${store.name} ${doc.aggregateId}: unpublishable event kept in the outbox: ${message(error)}`);
        await store.release(doc.aggregateId, this.owner, Date.now() + this.options.leaseMs);
      }
    }
    const events = ready.flatMap((doc) => doc.events);
    try {
      if (events.length > 0) await this.publisher.publish(events, { deadlineMs: this.options.publishDeadlineMs, signal: this.loop.signal });
    } catch (error) {
      const retryAt = Date.now() + this.loop.backoffMs(this.loop.failures + 1);
      await Promise.all(ready.map((doc) => store.release(doc.aggregateId, this.owner, retryAt)));
      throw error;
    }
    await store.markPublished(
      ready.map((doc) => ({ aggregateId: doc.aggregateId, eventIds: doc.events.map((event) => event.id) })),
      this.owner,
    );
    if (events.length > 0) {
      this.stats.published += events.length;
      this.stats.lastPublishedAt = new Date().toISOString();
      this.logger.debug(`${store.name}: published ${events.length} event(s) from ${ready.length} document(s)`);
    }
    return events.length;
  }

  /** A tick of the loop, its failure counted in the metrics. */
  private async countedTick(): Promise<{ more: boolean }> {
    try {
      return await this.tick();
    } catch (error) {
      this.stats.failedTicks++;
      this.stats.lastError = message(error);
      throw error;
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
