import type { EventEnvelope } from '@portico/contracts';
import type { ClaimedOutbox, OutboxBacklog, OutboxClaimRequest, OutboxStore, PublishedOutbox } from '../outbox-store';

interface StoredAggregate {
  state: Record<string, unknown>;
  outbox: EventEnvelope[];
  leaseUntil?: number;
  leaseOwner?: string;
}

/** An `OutboxStore` over a Map, for unit tests of code that drives a relay. Passes the store contract. */
export class InMemoryOutboxStore implements OutboxStore {
  readonly name = 'in-memory';
  private readonly aggregates = new Map<string, StoredAggregate>();
  private nextId = 1;

  /** State and events in one step, like a single-document write. */
  create(state: Record<string, unknown>, events: readonly EventEnvelope[]): string {
    const id = String(this.nextId++);
    this.aggregates.set(id, { state: { ...state }, outbox: [...events] });
    return id;
  }

  /** Applies `change` and appends `events` if `condition` holds for the current state; false otherwise. */
  update(id: string, condition: (state: Record<string, unknown>) => boolean, change: Record<string, unknown>, events: readonly EventEnvelope[]): boolean {
    const aggregate = this.aggregates.get(id);
    if (!aggregate || !condition(aggregate.state)) return false;
    Object.assign(aggregate.state, change);
    aggregate.outbox.push(...events);
    return true;
  }

  read(id: string): { state: Record<string, unknown>; outbox: EventEnvelope[] } | undefined {
    const aggregate = this.aggregates.get(id);
    return aggregate && { state: { ...aggregate.state }, outbox: [...aggregate.outbox] };
  }

  async claim({ owner, now, leaseMs, limit }: OutboxClaimRequest): Promise<ClaimedOutbox[]> {
    const claimed: ClaimedOutbox[] = [];
    for (const [aggregateId, aggregate] of this.aggregates) {
      if (claimed.length >= limit) break;
      if (aggregate.outbox.length === 0 || (aggregate.leaseUntil !== undefined && aggregate.leaseUntil > now)) continue;
      aggregate.leaseUntil = now + leaseMs;
      aggregate.leaseOwner = owner;
      claimed.push({ aggregateId, events: structuredClone(aggregate.outbox) });
    }
    return claimed;
  }

  async markPublished(published: readonly PublishedOutbox[], owner: string): Promise<void> {
    for (const { aggregateId, eventIds } of published) {
      const aggregate = this.aggregates.get(aggregateId);
      if (!aggregate) continue;
      aggregate.outbox = aggregate.outbox.filter((event) => !eventIds.includes(event.id));
      if (aggregate.leaseOwner === owner) aggregate.leaseUntil = aggregate.leaseOwner = undefined;
    }
  }

  async release(aggregateId: string, owner: string, retryAt?: number): Promise<void> {
    const aggregate = this.aggregates.get(aggregateId);
    if (!aggregate || aggregate.leaseOwner !== owner) return;
    aggregate.leaseOwner = undefined;
    aggregate.leaseUntil = retryAt;
  }

  async pendingCount(): Promise<number> {
    return [...this.aggregates.values()].filter((aggregate) => aggregate.outbox.length > 0).length;
  }

  async pending(): Promise<OutboxBacklog> {
    const events = [...this.aggregates.values()].flatMap((aggregate) => aggregate.outbox);
    const oldest = events.map((event) => event.occurredAt).sort()[0];
    return { events: events.length, oldestOccurredAt: oldest ?? null };
  }
}
