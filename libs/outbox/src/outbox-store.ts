import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@portico/contracts';
import type { TracedEnvelope } from '@portico/messaging';
import type { Model } from 'mongoose';

export interface OutboxClaimRequest {
  /** Fencing token of the relay: later writes for a claimed document must present it. */
  owner: string;
  /** Epoch ms, from the relay's clock. */
  now: number;
  /** How long the claim is exclusive. Must outlast a publish. */
  leaseMs: number;
  limit: number;
}

export interface ClaimedOutbox {
  aggregateId: string;
  /** The document's pending events, oldest first (with the trace context each was written in). */
  events: TracedEnvelope[];
}

/** Events of one document that reached Kafka. */
export interface PublishedOutbox {
  aggregateId: string;
  eventIds: readonly string[];
}

/**
 * Where the relay finds pending events. The rules every implementation follows are the test
 * suite in `testing/outbox-store.contract.ts`:
 * - events are written in the same single-document write as the state change they describe;
 * - `claim` returns a document's pending events in the order they were appended, and leases
 *   the document to `owner`: concurrent claims never return the same document, and another
 *   owner can claim it only once the lease has expired;
 * - `markPublished` removes, per document, exactly the given event ids (events appended since
 *   stay pending) and ends the lease if `owner` still holds it;
 * - `release` ends (or shortens to `retryAt`) the lease if `owner` still holds it, keeping the events.
 */
export interface OutboxStore {
  readonly name: string;
  claim(request: OutboxClaimRequest): Promise<ClaimedOutbox[]>;
  markPublished(published: readonly PublishedOutbox[], owner: string): Promise<void>;
  release(aggregateId: string, owner: string, retryAt?: number): Promise<void>;
  /** Documents with unpublished events. */
  pendingCount(): Promise<number>;
  /** Unpublished events, and when the oldest of them occurred (null when there is none): what an operator watches. */
  pending(): Promise<OutboxBacklog>;
}

export interface OutboxBacklog {
  events: number;
  /** ISO timestamp of the oldest unpublished event's `occurredAt`. */
  oldestOccurredAt: string | null;
}

// Relay bookkeeping is not a change of the aggregate: leave `updatedAt` alone.
const quiet = { timestamps: false } as const;

/** The store of one mongoose model that uses `outboxPlugin`. */
export class MongooseOutboxStore implements OutboxStore {
  readonly name: string;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any aggregate model with the plugin
  constructor(private readonly model: Model<any>) {
    this.name = model.modelName;
  }

  /**
   * Claims up to `limit` documents in three round trips whatever the batch size: find candidates,
   * lease them with one updateMany (each document's update is atomic and conditioned on the
   * lease being free, so of two relays racing for one document exactly one sets it), then read
   * back the documents this call won, by a token unique to the call.
   */
  async claim({ owner, now, leaseMs, limit }: OutboxClaimRequest): Promise<ClaimedOutbox[]> {
    const available = { outboxPending: true, $or: [{ outboxLeaseUntil: null }, { outboxLeaseUntil: { $lte: new Date(now) } }] };
    const candidates = await this.model.find(available, { _id: 1 }).limit(limit).lean<{ _id: unknown }[]>();
    if (candidates.length === 0) return [];
    const claim = randomUUID();
    const ids = candidates.map((doc) => doc._id);
    await this.model.updateMany(
      { ...available, _id: { $in: ids } },
      { $set: { outboxLeaseUntil: new Date(now + leaseMs), outboxLeaseOwner: owner, outboxLeaseClaim: claim } },
      quiet,
    );
    const won = await this.model.find({ _id: { $in: ids }, outboxLeaseClaim: claim }, { outbox: 1 }).lean<{ _id: unknown; outbox?: EventEnvelope[] }[]>();
    return won.map((doc) => ({ aggregateId: String(doc._id), events: doc.outbox ?? [] }));
  }

  async markPublished(published: readonly PublishedOutbox[], owner: string): Promise<void> {
    if (published.length === 0) return;
    // Usually the outbox holds just what was published (only the lease owner removes events, so
    // the same count means nothing was appended meanwhile): emptied, flag and lease cleared in one write.
    const emptied = await this.model.bulkWrite(
      published.map(({ aggregateId, eventIds }) => ({
        updateOne: {
          filter: { _id: aggregateId, outboxLeaseOwner: owner, outbox: { $size: eventIds.length } },
          update: { $set: { outbox: [] }, $unset: { outboxPending: 1, outboxLeaseUntil: 1, outboxLeaseOwner: 1, outboxLeaseClaim: 1 } },
          timestamps: false,
        },
      })),
      { ordered: false, timestamps: false },
    );
    if (emptied.matchedCount === published.length) return;
    // Some had events appended (or lost their lease): remove exactly what was published.
    const pull = (eventIds: readonly string[]) => ({ $pull: { outbox: { id: { $in: [...eventIds] } } } });
    const owned = await this.model.bulkWrite(
      published.map(({ aggregateId, eventIds }) => ({
        updateOne: {
          filter: { _id: aggregateId, outboxLeaseOwner: owner },
          update: { ...pull(eventIds), $unset: { outboxLeaseUntil: 1, outboxLeaseOwner: 1, outboxLeaseClaim: 1 } },
          timestamps: false,
        },
      })),
      { ordered: false, timestamps: false },
    );
    // Lease lost (expired and taken) for some: still remove what we published, leave their lease alone.
    if (owned.matchedCount < published.length) {
      await this.model.bulkWrite(
        published.map(({ aggregateId, eventIds }) => ({ updateOne: { filter: { _id: aggregateId }, update: pull(eventIds), timestamps: false } })),
        { ordered: false, timestamps: false },
      );
    }
    // Conditioned on the outbox being empty at that instant, so a concurrent append keeps the flag.
    const ids = published.map((doc) => doc.aggregateId);
    await this.model.updateMany({ _id: { $in: ids }, outbox: { $size: 0 } }, { $unset: { outboxPending: 1 } }, quiet);
  }

  async release(aggregateId: string, owner: string, retryAt?: number): Promise<void> {
    const update =
      retryAt === undefined
        ? { $unset: { outboxLeaseUntil: 1, outboxLeaseOwner: 1, outboxLeaseClaim: 1 } }
        : { $set: { outboxLeaseUntil: new Date(retryAt) }, $unset: { outboxLeaseOwner: 1, outboxLeaseClaim: 1 } };
    await this.model.updateOne({ _id: aggregateId, outboxLeaseOwner: owner }, update, quiet);
  }

  async pendingCount(): Promise<number> {
    return this.model.countDocuments({ outboxPending: true });
  }

  /**
   * One pass over the documents flagged pending (the sparse index): their events counted, and the
   * earliest first event (an outbox is in append order; `occurredAt` is an ISO string, so it sorts).
   */
  async pending(): Promise<OutboxBacklog> {
    const [summary] = await this.model.aggregate<{ events: number; oldest: string | null }>([
      { $match: { outboxPending: true } },
      { $group: { _id: null, events: { $sum: { $size: '$outbox' } }, oldest: { $min: { $arrayElemAt: ['$outbox.occurredAt', 0] } } } },
    ]);
    return { events: summary?.events ?? 0, oldestOccurredAt: summary?.events ? (summary.oldest ?? null) : null };
  }
}
