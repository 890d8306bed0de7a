import { describe, expect, it, jest } from '@jest/globals';
import { ClientCreated, createEvent, type EventEnvelope } from '@portico/contracts';
import type { MessageContext } from './message-context';
import { MessageProcessor, type DeadLetter, type IncomingMessage, type MessageProcessorOptions, type ProcessingControl } from './message-processor';
import { InMemoryProcessedEventStore, type ProcessedEventStore } from './processed-event-store';

const quietLogger = { log: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() };
const client = { clientId: 'c-1', firmId: 'firm-1', kind: 'business' as const, displayName: 'Acme', emails: ['acme@example.com'], contacts: [] };

function message(value: unknown, offset = '41'): IncomingMessage {
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  return {
    topic: ClientCreated.topic,
    partition: 2,
    offset,
    key: Buffer.from('c-1'),
    value: Buffer.from(raw),
    headers: { 'event-type': Buffer.from('ClientCreated') },
  };
}

function setup(handler: (context: MessageContext) => Promise<void>, overrides: Partial<MessageProcessorOptions> = {}) {
  const deadLetters: DeadLetter[] = [];
  const processedEvents = new InMemoryProcessedEventStore();
  const invoke = jest.fn(handler);
  const processor = new MessageProcessor({
    service: 'invitations',
    groupId: 'invitations',
    maxAttempts: 3,
    backoff: { initialMs: 20, maxMs: 40, factor: 2 },
    heartbeatIntervalMs: 5,
    processedEvents,
    findRoute: (topic, type, version) =>
      topic === ClientCreated.topic && type === 'ClientCreated' && version === 1 ? { contract: ClientCreated, invoke } : undefined,
    deadLetter: async (record) => void deadLetters.push(record),
    logger: quietLogger,
    ...overrides,
  });
  const control: ProcessingControl & { heartbeat: jest.Mock<() => Promise<void>> } = { heartbeat: jest.fn(async () => undefined), shouldStop: () => false };
  return { processor, invoke, deadLetters, processedEvents, control };
}

const failing =
  (text = 'boom') =>
  async (): Promise<void> => {
    throw new Error(text);
  };

describe('MessageProcessor', () => {
  it('hands the validated envelope to the handler once and records it as processed', async () => {
    const { processor, invoke, processedEvents, control } = setup(async () => undefined);
    const event = createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-1' });

    await expect(processor.process(message(event), control)).resolves.toEqual({ status: 'handled', attempts: 1 });
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke.mock.calls[0][0]).toMatchObject({
      event,
      eventId: event.id,
      correlationId: 'corr-1',
      causationId: null,
      partition: 2,
      offset: '41',
      attempt: 1,
    });
    await expect(processedEvents.isProcessed('invitations', event.id)).resolves.toBe(true);
  });

  it('skips an event this group already processed', async () => {
    const { processor, invoke, processedEvents, control } = setup(async () => undefined);
    const event = createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-1' });
    await processedEvents.markProcessed('invitations', { eventId: event.id, type: event.type, topic: 't', partition: 0, offset: '0' });

    await expect(processor.process(message(event), control)).resolves.toEqual({ status: 'duplicate' });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('handles a replayed dead letter like any other (once per group), and logs that it was a replay', async () => {
    const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() };
    const { processor, invoke, control } = setup(async () => undefined, { logger });
    const event = createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-1' });
    const replayed = (offset: string): IncomingMessage => ({
      ...message(event, offset),
      headers: {
        'event-type': Buffer.from('ClientCreated'),
        'portico-replayed-from': Buffer.from('portico.dlt.invitations.v1:0:7'),
        'portico-replayed-at': Buffer.from('2025-03-02T08:00:00.000Z'),
      },
    });

    await expect(processor.process(replayed('50'), control)).resolves.toEqual({ status: 'handled', attempts: 1 });
    await expect(processor.process(replayed('51'), control)).resolves.toEqual({ status: 'duplicate' });
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(logger.log.mock.calls.map(([line]) => line)).toEqual([
      `ClientCreated ${event.id} replayed from portico.dlt.invitations.v1:0:7: handled`,
      `ClientCreated ${event.id} replayed from portico.dlt.invitations.v1:0:7: already processed by this group, skipped`,
    ]);
  });

  it('retries a failing handler with growing delays, heartbeating while it waits', async () => {
    let calls = 0;
    const times: number[] = [];
    const { processor, control } = setup(async () => {
      times.push(Date.now());
      if (++calls < 3) throw new Error('not yet');
    });
    const event = createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-1' });

    await expect(processor.process(message(event), control)).resolves.toEqual({ status: 'handled', attempts: 3 });
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(18);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(38);
    expect(control.heartbeat).toHaveBeenCalled();
  });

  it('dead-letters a handler that keeps failing, with the reason and the original record', async () => {
    const { processor, invoke, deadLetters, processedEvents, control } = setup(failing('database said no'));
    const event = createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-1' });

    await expect(processor.process(message(event), control)).resolves.toEqual({ status: 'dead-lettered', reason: 'handler: database said no', attempts: 3 });
    expect(invoke).toHaveBeenCalledTimes(3);
    expect(deadLetters).toEqual([
      expect.objectContaining({
        service: 'invitations',
        topic: ClientCreated.topic,
        partition: 2,
        offset: '41',
        key: 'c-1',
        value: JSON.stringify(event),
        headers: { 'event-type': 'ClientCreated' },
        reason: 'handler: database said no',
        attempts: 3,
        eventId: event.id,
        eventType: 'ClientCreated',
      }),
    ]);
    expect(new Date(deadLetters[0].failedAt).toISOString()).toBe(deadLetters[0].failedAt);
    await expect(processedEvents.isProcessed('invitations', event.id)).resolves.toBe(false);
  });

  it.each([
    ['not JSON', '{"id":', 'schema: invalid JSON'],
    ['not an envelope', { hello: 'world' }, 'schema: id: '],
    ['a payload that breaks the contract', 'bad-payload', 'schema: ClientCreated: payload.emails[0]: Invalid email address'],
  ])('dead-letters %s at once, without calling the handler', async (_case, value, reason) => {
    const { processor, invoke, deadLetters, control } = setup(async () => undefined);
    const event = createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-1' });
    const body = value === 'bad-payload' ? { ...event, payload: { ...client, emails: ['nope'] } } : value;

    const outcome = await processor.process(message(body), control);
    expect(outcome).toMatchObject({ status: 'dead-lettered', attempts: 0 });
    expect(deadLetters[0].reason.startsWith(reason)).toBe(true);
    expect(invoke).not.toHaveBeenCalled();
  });

  it('dead-letters an empty message', async () => {
    const { processor, deadLetters, control } = setup(async () => undefined);
    await processor.process({ ...message(''), value: null }, control);
    expect(deadLetters[0].reason).toBe('schema: empty message');
  });

  it('ignores event types nobody here handles, even malformed ones', async () => {
    const { processor, deadLetters, control } = setup(async () => undefined);
    const event = createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-1' });
    const other: EventEnvelope = { ...event, type: 'ClientArchived', payload: { anything: true } };

    await expect(processor.process(message(other), control)).resolves.toEqual({ status: 'ignored' });
    await expect(processor.process(message({ ...event, version: 2 }), control)).resolves.toEqual({ status: 'ignored' });
    // Not ours by its type: its envelope is not checked either.
    await expect(processor.process(message({ type: 'ClientArchived', version: 1, id: 42 }), control)).resolves.toEqual({ status: 'ignored' });
    expect(deadLetters).toEqual([]);
  });

  it('rejects (so the offset stays uncommitted) when the dead letter cannot be written', async () => {
    const { processor, control } = setup(failing(), {
      maxAttempts: 1,
      deadLetter: async () => {
        throw new Error('broker gone');
      },
    });
    const event = createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-1' });
    await expect(processor.process(message(event), control)).rejects.toThrow('broker gone');
  });

  it('abandons the retries when asked to stop, without dead-lettering', async () => {
    let stop = false;
    const { processor, invoke, deadLetters, control } = setup(async () => {
      stop = true;
      throw new Error('boom');
    });
    const event = createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-1' });

    await expect(processor.process(message(event), { ...control, shouldStop: () => stop })).resolves.toEqual({ status: 'interrupted', attempts: 1 });
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(deadLetters).toEqual([]);
  });

  it('counts a handled event as handled even if recording it fails', async () => {
    const failingStore: ProcessedEventStore = {
      isProcessed: async () => false,
      processedAmong: async () => new Set(),
      markProcessed: async () => {
        throw new Error('mongo down');
      },
      markManyProcessed: async () => {
        throw new Error('mongo down');
      },
      deleteProcessedBefore: async () => 0,
    };
    const { processor, invoke, control } = setup(async () => undefined, { processedEvents: failingStore });
    const event = createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-1' });

    await expect(processor.process(message(event), control)).resolves.toEqual({ status: 'handled', attempts: 1 });
    const batch = await processor.beginBatch(ClientCreated.topic, [message(event)]);
    await expect(
      processor.process(message(createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-2' })), control, batch),
    ).resolves.toMatchObject({ status: 'handled' });
    await expect(processor.endBatch(batch)).resolves.toBeUndefined();
    expect(invoke).toHaveBeenCalledTimes(2);
  });

  it('in a batch, reads the processed events once, runs an event twice in the batch once, and records the handled ones at the end', async () => {
    const store = new InMemoryProcessedEventStore();
    const { processor, invoke, control } = setup(async () => undefined, { processedEvents: store });
    const done = createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-1' });
    const fresh = createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-2' });
    await store.markProcessed('invitations', { eventId: done.id, type: done.type, topic: 't', partition: 0, offset: '0' });
    const lookups = jest.spyOn(store, 'isProcessed');
    const among = jest.spyOn(store, 'processedAmong');
    // Another service's event on the same topic: not read, not recorded.
    const other: EventEnvelope = { ...fresh, id: 'other-event', type: 'ClientArchived' };

    const batch = await processor.beginBatch(ClientCreated.topic, [message(done), message(other), message(fresh), message(fresh)]);
    expect(among).toHaveBeenCalledWith('invitations', [done.id, fresh.id, fresh.id]);
    await expect(processor.process(message(other), control, batch)).resolves.toEqual({ status: 'ignored' });
    await expect(processor.process(message(done), control, batch)).resolves.toEqual({ status: 'duplicate' });
    await expect(processor.process(message(fresh), control, batch)).resolves.toEqual({ status: 'handled', attempts: 1 });
    await expect(processor.process(message(fresh), control, batch)).resolves.toEqual({ status: 'duplicate' });
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(lookups).not.toHaveBeenCalled();
    await expect(store.isProcessed('invitations', fresh.id)).resolves.toBe(false);
    await processor.endBatch(batch);
    await expect(store.isProcessed('invitations', fresh.id)).resolves.toBe(true);
  });

  it('treats a failing dedupe lookup like a failing handler (retried, then dead-lettered)', async () => {
    const failingStore: ProcessedEventStore = {
      isProcessed: async () => {
        throw new Error('mongo down');
      },
      processedAmong: async () => {
        throw new Error('mongo down');
      },
      markProcessed: async () => undefined,
      markManyProcessed: async () => undefined,
      deleteProcessedBefore: async () => 0,
    };
    const { processor, invoke, control } = setup(async () => undefined, { processedEvents: failingStore });
    const event = createEvent(ClientCreated, client, { firmId: 'firm-1', correlationId: 'corr-1' });

    await expect(processor.process(message(event), control)).resolves.toMatchObject({ status: 'dead-lettered', reason: 'handler: mongo down' });
    expect(invoke).not.toHaveBeenCalled();
  });
});
