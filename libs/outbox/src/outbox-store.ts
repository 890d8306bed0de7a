import type { EventEnvelope } from '@portico/contracts';
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
  /** The document's pending events, oldest first. */
  events: EventEnvelope[];
}

/**
 * Where the relay finds pending events. The rules every implementation follows are the test
 * suite in `testing/outbox-store.contract.ts`:
 * - events are written in the same single-document write as the state change they describe;
 * - `claim` returns a document's pending events in the order they were appended, and leases
 *   the document to `owner`: concurrent claims never return the same document, and another
 *   owner can claim it only once the lease has expired;
 * - `markPublished` removes exactly the given event ids (events appended since stay pending)
 *   and ends the lease if `owner` still holds it;
 * - `release` ends (or shortens to `retryAt`) the lease if `owner` still holds it, keeping the events.
 */
export interface OutboxStore {
  readonly name: string;
  claim(request: OutboxClaimRequest): Promise<ClaimedOutbox[]>;
  markPublished(aggregateId: string, eventIds: readonly string[], owner: string): Promise<void>;
  release(aggregateId: string, owner: string, retryAt?: number): Promise<void>;
  /** Documents with unpublished events. */
  pendingCount(): Promise<number>;
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

  async claim({ owner, now, leaseMs, limit }: OutboxClaimRequest): Promise<ClaimedOutbox[]> {
    const claimed: ClaimedOutbox[] = [];
    const available = { outboxPending: true, $or: [{ outboxLeaseUntil: null }, { outboxLeaseUntil: { $lte: new Date(now) } }] };
    // One atomic findOneAndUpdate per document: two relays can never both win the same one.
    while (claimed.length < limit) {
      const doc = await this.model
        .findOneAndUpdate(available, { $set: { outboxLeaseUntil: new Date(now + leaseMs), outboxLeaseOwner: owner } }, { ...quiet, returnDocument: 'after', projection: { outbox: 1 } })
        .lean<{ _id: unknown; outbox?: EventEnvelope[] }>();
      if (!doc) break;
      claimed.push({ aggregateId: String(doc._id), events: doc.outbox ?? [] });
    }
    return claimed;
  }

  async markPublished(aggregateId: string, eventIds: readonly string[], owner: string): Promise<void> {
    const pull = { $pull: { outbox: { id: { $in: [...eventIds] } } } };
    const owned = await this.model.updateOne({ _id: aggregateId, outboxLeaseOwner: owner }, { ...pull, $unset: { outboxLeaseUntil: 1, outboxLeaseOwner: 1 } }, quiet);
    // Lease lost (expired and taken): still remove what we published, leave the lease alone.
    if (owned.matchedCount === 0) await this.model.updateOne({ _id: aggregateId }, pull, quiet);
    // Conditioned on the outbox being empty at that instant, so a concurrent append keeps the flag.
    await this.model.updateOne({ _id: aggregateId, outbox: { $size: 0 } }, { $unset: { outboxPending: 1 } }, quiet);
  }

  async release(aggregateId: string, owner: string, retryAt?: number): Promise<void> {
    const update = retryAt === undefined ? { $unset: { outboxLeaseUntil: 1, outboxLeaseOwner: 1 } } : { $set: { outboxLeaseUntil: new Date(retryAt) }, $unset: { outboxLeaseOwner: 1 } };
    await this.model.updateOne({ _id: aggregateId, outboxLeaseOwner: owner }, update, quiet);
  }

  async pendingCount(): Promise<number> {
    return this.model.countDocuments({ outboxPending: true });
  }
}
