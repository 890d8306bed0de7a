import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createEvent, defineEvent, type EventEnvelope } from '@portico/contracts';
import { z } from 'zod';
import type { OutboxStore } from '../outbox-store';

/** What the contract suite needs around a store: a way to write aggregates the way services do. */
export interface OutboxStoreFixture {
  /** A store over fresh, empty storage. */
  store: OutboxStore;
  /** Creates an aggregate; its state and events in one write. Returns its id. */
  create(name: string, events: EventEnvelope[]): Promise<string>;
  /** One write: if the aggregate's name is `expectedName`, renames it and appends `events`. False if nothing was written. */
  update(id: string, expectedName: string, name: string, events: EventEnvelope[]): Promise<boolean>;
  read(id: string): Promise<{ name: string; pendingEventIds: string[] }>;
  dispose(): Promise<void>;
}

export const OutboxContractTestEvent = defineEvent({
  type: 'OutboxContractTestEvent',
  version: 1,
  topic: 'portico.test.outbox-contract.v1',
  key: (p) => p.aggregate,
  payload: z.object({ aggregate: z.string(), step: z.number().int(), details: z.object({ tags: z.array(z.string()) }) }),
  description: 'Used by the outbox store contract tests only.',
});

export function testEvent(aggregate: string, step: number): EventEnvelope {
  return createEvent(OutboxContractTestEvent, { aggregate, step, details: { tags: ['a', 'b'] } }, { firmId: 'firm-test', correlationId: `corr-${aggregate}` });
}

const LEASE = 30_000;
const ids = (events: readonly EventEnvelope[]): string[] => events.map((event) => event.id);

/**
 * The rules every `OutboxStore` must follow (see its interface), as one suite to run against
 * each implementation: `describeOutboxStoreContract('MongooseOutboxStore', makeFixture)`.
 */
export function describeOutboxStoreContract(name: string, makeFixture: () => Promise<OutboxStoreFixture>): void {
  describe(`${name} (outbox store contract)`, () => {
    let fixture: OutboxStoreFixture;
    let store: OutboxStore;
    const now = Date.now();
    const claim = (owner: string, at = now, limit = 100) => store.claim({ owner, now: at, leaseMs: LEASE, limit });

    beforeEach(async () => {
      fixture = await makeFixture();
      store = fixture.store;
    });
    afterEach(() => fixture.dispose());

    it('writes an aggregate and its events together', async () => {
      const [e1, e2] = [testEvent('a', 1), testEvent('a', 2)];
      const id = await fixture.create('first', [e1, e2]);
      await expect(fixture.read(id)).resolves.toEqual({ name: 'first', pendingEventIds: ids([e1, e2]) });
    });

    it('appends events in the same write as the state change: a write that does not apply appends nothing', async () => {
      const e1 = testEvent('a', 1);
      const id = await fixture.create('first', [e1]);
      const e2 = testEvent('a', 2);
      await expect(fixture.update(id, 'first', 'second', [e2])).resolves.toBe(true);
      await expect(fixture.update(id, 'first', 'third', [testEvent('a', 3)])).resolves.toBe(false);
      await expect(fixture.read(id)).resolves.toEqual({ name: 'second', pendingEventIds: ids([e1, e2]) });
    });

    it('claims a document with its pending events, complete and in append order', async () => {
      const events = [testEvent('a', 1), testEvent('a', 2), testEvent('a', 3)];
      const id = await fixture.create('first', [events[0]]);
      await fixture.update(id, 'first', 'second', events.slice(1));

      const claimed = await claim('relay-a');
      expect(claimed).toEqual([{ aggregateId: id, events }]);
    });

    it('claims only documents that have pending events', async () => {
      await fixture.create('no events', []);
      const id = await fixture.create('one event', [testEvent('b', 1)]);
      const [first] = await claim('relay-a');
      expect(first.aggregateId).toBe(id);
      await store.markPublished([{ aggregateId: id, eventIds: ids(first.events) }], 'relay-a');
      await expect(claim('relay-a')).resolves.toEqual([]);
      await expect(store.pendingCount()).resolves.toBe(0);
    });

    it('marks exactly the published ids: events appended meanwhile stay pending and claimable at once', async () => {
      const e1 = testEvent('c', 1);
      const id = await fixture.create('first', [e1]);
      const [claimed] = await claim('relay-a');
      const e2 = testEvent('c', 2);
      await fixture.update(id, 'first', 'second', [e2]);

      await store.markPublished([{ aggregateId: id, eventIds: ids(claimed.events) }], 'relay-a');
      await expect(fixture.read(id)).resolves.toEqual({ name: 'second', pendingEventIds: [e2.id] });
      await expect(store.pendingCount()).resolves.toBe(1);
      await expect(claim('relay-b')).resolves.toEqual([{ aggregateId: id, events: [e2] }]);
    });

    it('never gives one document to two relays claiming at the same time', async () => {
      const created = await Promise.all(Array.from({ length: 20 }, (_, n) => fixture.create(`doc ${n}`, [testEvent(`d${n}`, 1)])));
      const claims = await Promise.all(Array.from({ length: 10 }, (_, n) => claim(n % 2 ? 'relay-a' : 'relay-b', now, 3)));
      const claimedIds = claims.flat().map((doc) => doc.aggregateId);
      expect(new Set(claimedIds).size).toBe(claimedIds.length);
      // A claim that lost its candidates to a concurrent one may come back short: what it left
      // is claimed by the next call, and nothing was given out twice.
      const rest = (await claim('relay-c')).map((doc) => doc.aggregateId);
      expect([...claimedIds, ...rest].sort()).toEqual([...created].sort());
    });

    it('keeps a claimed document from other relays until the lease expires, then lets one take over', async () => {
      const id = await fixture.create('first', [testEvent('e', 1)]);
      await expect(claim('relay-a')).resolves.toHaveLength(1);
      await expect(claim('relay-b', now + LEASE - 1)).resolves.toEqual([]);
      const [takenOver] = await claim('relay-b', now + LEASE + 1);
      expect(takenOver.aggregateId).toBe(id);
      // relay-a, no longer the owner, cannot end relay-b's lease.
      await store.release(id, 'relay-a');
      await expect(claim('relay-c', now + LEASE + 2)).resolves.toEqual([]);
    });

    it('releases a claim at once, or from a later time, keeping the events', async () => {
      const event = testEvent('f', 1);
      const id = await fixture.create('first', [event]);
      await claim('relay-a');
      await store.release(id, 'relay-a');
      await expect(claim('relay-b')).resolves.toEqual([{ aggregateId: id, events: [event] }]);

      await store.release(id, 'relay-b', now + 5_000);
      await expect(claim('relay-c', now + 4_999)).resolves.toEqual([]);
      await expect(claim('relay-c', now + 5_001)).resolves.toEqual([{ aggregateId: id, events: [event] }]);
    });

    it('counts documents with unpublished events', async () => {
      await fixture.create('none', []);
      await fixture.create('one', [testEvent('g', 1)]);
      await fixture.create('two', [testEvent('h', 1), testEvent('h', 2)]);
      await expect(store.pendingCount()).resolves.toBe(2);
    });

    it('reports the unpublished events and when the oldest occurred, and nothing once they are published', async () => {
      await expect(store.pending()).resolves.toEqual({ events: 0, oldestOccurredAt: null });
      const first = testEvent('i', 1);
      const later = { ...testEvent('j', 1), occurredAt: new Date(Date.parse(first.occurredAt) + 60_000).toISOString() };
      await fixture.create('later', [later, testEvent('j', 2)]);
      await fixture.create('first', [first]);
      await expect(store.pending()).resolves.toEqual({ events: 3, oldestOccurredAt: first.occurredAt });

      for (const claimed of await claim('relay-a')) await store.markPublished([{ aggregateId: claimed.aggregateId, eventIds: ids(claimed.events) }], 'relay-a');
      await expect(store.pending()).resolves.toEqual({ events: 0, oldestOccurredAt: null });
    });
  });
}
