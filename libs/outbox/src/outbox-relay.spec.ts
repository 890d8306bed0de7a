import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { EventValidationError, type EventEnvelope } from '@portico/contracts';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
import { InMemoryOutboxStore, testEvent } from './testing';

Logger.overrideLogger(false);

function fakePublisher() {
  const published: EventEnvelope[][] = [];
  let failNext = 0;
  const publisher = {
    published,
    failTimes: (n: number) => void (failNext = n),
    publish: jest.fn(async (events: readonly EventEnvelope[]) => {
      if (failNext > 0) {
        failNext--;
        throw new Error('broker unavailable');
      }
      published.push([...events]);
    }),
    validate: (event: EventEnvelope) => {
      if (event.type !== 'OutboxContractTestEvent') throw new EventValidationError(event.type, [{ path: ['type'], message: 'unknown' }]);
      return { topic: 't', event };
    },
  };
  return publisher;
}

const ids = (events: readonly EventEnvelope[]) => events.map((event) => event.id);
const fast = { pollIntervalMs: 10, leaseMs: 1000, publishDeadlineMs: 100, maxBackoffMs: 40 };

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// Stopped after each test, even a failing one, so no poll timer outlives it.
const relays: OutboxRelay[] = [];
function relayFor(store: InMemoryOutboxStore, publisher: ReturnType<typeof fakePublisher>, options: OutboxRelayOptions = fast): OutboxRelay {
  const relay = new OutboxRelay(publisher, options).registerStore(store);
  relays.push(relay);
  return relay;
}

describe('OutboxRelay', () => {
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  });

  it("publishes each document's events in order, then removes exactly those", async () => {
    const store = new InMemoryOutboxStore();
    const a = [testEvent('a', 1), testEvent('a', 2)];
    const b = [testEvent('b', 1)];
    const idA = store.create({}, a);
    store.create({}, b);
    const publisher = fakePublisher();
    const relay = relayFor(store, publisher);

    await expect(relay.tick()).resolves.toEqual({ published: 3, more: false });
    expect(ids(publisher.published.flat())).toEqual(ids([...a, ...b]));
    expect(store.read(idA)?.outbox).toEqual([]);
    await expect(relay.pendingCount()).resolves.toBe(0);
    expect(relay.metrics()).toMatchObject({ published: 3, failedTicks: 0 });
  });

  it('keeps the events when publishing fails, and publishes them once Kafka is back', async () => {
    const store = new InMemoryOutboxStore();
    const events = [testEvent('c', 1)];
    const id = store.create({}, events);
    const publisher = fakePublisher();
    publisher.failTimes(2);
    const relay = relayFor(store, publisher);

    relay.start();
    await eventually(() => publisher.published.length === 1);
    await relay.stop();
    expect(ids(publisher.published[0])).toEqual(ids(events));
    expect(publisher.publish).toHaveBeenCalledTimes(3);
    expect(store.read(id)?.outbox).toEqual([]);
    expect(relay.metrics()).toMatchObject({ published: 1, failedTicks: 2, lastError: 'broker unavailable' });
  });

  it('holds back a document with an event its contract rejects, without blocking the others', async () => {
    const store = new InMemoryOutboxStore();
    const bad = { ...testEvent('d', 1), type: 'Unknown' };
    const badId = store.create({}, [bad]);
    const good = testEvent('e', 1);
    store.create({}, [good]);
    const publisher = fakePublisher();
    const relay = relayFor(store, publisher);

    await relay.tick();
    expect(ids(publisher.published.flat())).toEqual([good.id]);
    expect(store.read(badId)?.outbox).toEqual([bad]);
    await expect(relay.tick()).resolves.toEqual({ published: 0, more: false });
  });

  it('says there is more work when a batch was full, and drains it on its own', async () => {
    const store = new InMemoryOutboxStore();
    for (let n = 0; n < 5; n++) store.create({}, [testEvent(`f${n}`, 1)]);
    const publisher = fakePublisher();
    const relay = relayFor(store, publisher, { ...fast, batchSize: 2, pollIntervalMs: 60_000 });

    await expect(relay.tick()).resolves.toEqual({ published: 2, more: true });
    relay.start();
    await eventually(async () => (await relay.pendingCount()) === 0);
    await relay.stop();
    expect(publisher.published.flat()).toHaveLength(5);
  });

  it('publishes right away when nudged instead of waiting for the next poll', async () => {
    const store = new InMemoryOutboxStore();
    const publisher = fakePublisher();
    const relay = relayFor(store, publisher, { ...fast, pollIntervalMs: 60_000 });
    const claim = jest.spyOn(store, 'claim');
    relay.start();
    await eventually(() => claim.mock.calls.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 10)); // the first poll has come and gone: the next is a minute away
    store.create({}, [testEvent('g', 1)]);
    relay.nudge();
    await eventually(() => publisher.published.length === 1, 1000);
    await relay.stop();
  });

  it('lets the tick in progress finish on stop, and then stops polling', async () => {
    const store = new InMemoryOutboxStore();
    const id = store.create({}, [testEvent('h', 1)]);
    let release: () => void = () => undefined;
    const publisher = fakePublisher();
    publisher.publish.mockImplementationOnce(async (events) => {
      await new Promise<void>((resolve) => (release = resolve));
      publisher.published.push([...events]);
    });
    const relay = relayFor(store, publisher);

    relay.start();
    await eventually(() => publisher.publish.mock.calls.length === 1);
    const stopped = relay.stop();
    release();
    await stopped;
    expect(store.read(id)?.outbox).toEqual([]);

    store.create({}, [testEvent('i', 1)]);
    await new Promise((resolve) => setTimeout(resolve, 50)); // several poll intervals: nothing may happen
    expect(publisher.publish).toHaveBeenCalledTimes(1);
  });

  it('refuses a lease shorter than a publish may take', () => {
    expect(() => new OutboxRelay(fakePublisher(), { leaseMs: 1000, publishDeadlineMs: 1000 })).toThrow('leaseMs must be longer');
  });
});
