import { describe, expect, it, jest } from '@jest/globals';
import type { Batch, KafkaMessage } from 'kafkajs';
import { consumeBatch } from './consume-batch';
import type { BatchState, IncomingMessage, Outcome } from './message-processor';

/** Messages as [offset, key]. */
function fakeBatch(messages: [string, string | null][]) {
  const committed: string[] = [];
  const resolved: string[] = [];
  const payload = {
    batch: {
      topic: 't',
      partition: 3,
      messages: messages.map(
        ([offset, key]) => ({ offset, key: key === null ? null : Buffer.from(key), value: Buffer.from(offset) }) as unknown as KafkaMessage,
      ),
    } as Batch,
    resolveOffset: (offset: string) => void resolved.push(offset),
    heartbeat: jest.fn(async () => undefined),
    isRunning: () => true,
    isStale: () => false,
    commitOffsetsIfNecessary: async (offsets?: { topics: { topic: string; partitions: { partition: number; offset: string }[] }[] }) => {
      const [topic] = offsets?.topics ?? [];
      expect(topic.topic).toBe('t');
      expect(topic.partitions[0].partition).toBe(3);
      committed.push(topic.partitions[0].offset);
    },
  };
  return { payload, committed, resolved };
}

const sameKey = (...offsets: string[]): [string, string | null][] => offsets.map((offset) => [offset, 'k']);

/** A processor whose outcome per offset is given (default handled), recording what ran when. */
function processorReturning(outcomes: Record<string, Outcome | Error> = {}, delays: Record<string, number> = {}) {
  const events: string[] = [];
  const batches = { begun: 0, ended: 0 };
  const processor = {
    beginBatch: async (): Promise<BatchState> => (batches.begun++, { processed: new Set(), handled: [] }),
    endBatch: async (): Promise<void> => void batches.ended++,
    process: async (message: IncomingMessage): Promise<Outcome> => {
      events.push(`start ${message.offset}`);
      await new Promise((resolve) => setTimeout(resolve, delays[message.offset] ?? 0));
      events.push(`end ${message.offset}`);
      const outcome = outcomes[message.offset] ?? { status: 'handled', attempts: 1 };
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  };
  return { processor, events, batches };
}

describe('consumeBatch', () => {
  it('commits the end of the batch once every message is handled, skipped or dead-lettered', async () => {
    const { payload, committed, resolved } = fakeBatch(sameKey('7', '8', '9', '10'));
    const { processor, batches } = processorReturning({
      '8': { status: 'dead-lettered', reason: 'x', attempts: 5 },
      '9': { status: 'ignored' },
      '10': { status: 'duplicate' },
    });
    await consumeBatch(payload, processor, () => false);
    expect(resolved).toEqual(['10']);
    expect(committed).toEqual(['11']);
    expect(batches).toEqual({ begun: 1, ended: 1 });
  });

  it("runs one key's messages in offset order and different keys side by side", async () => {
    const { payload, committed } = fakeBatch([
      ['1', 'a'],
      ['2', 'b'],
      ['3', 'a'],
    ]);
    const { processor, events } = processorReturning({}, { '1': 20 });
    await consumeBatch(payload, processor, () => false, { keyConcurrency: 4 });
    // b does not wait for a's slow first message; a's second message waits for its first.
    expect(events.indexOf('end 2')).toBeLessThan(events.indexOf('end 1'));
    expect(events.indexOf('start 3')).toBeGreaterThan(events.indexOf('end 1'));
    expect(committed).toEqual(['4']);
  });

  it('keeps messages without a key in their order', async () => {
    const { payload } = fakeBatch([
      ['1', null],
      ['2', null],
    ]);
    const { processor, events } = processorReturning({}, { '1': 10 });
    await consumeBatch(payload, processor, () => false, { keyConcurrency: 4 });
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('commits only up to an interrupted message, which is fetched again', async () => {
    const { payload, committed } = fakeBatch(sameKey('1', '2', '3'));
    const { processor, events } = processorReturning({ '2': { status: 'interrupted', attempts: 1 } });
    await consumeBatch(payload, processor, () => false);
    expect(committed).toEqual(['2']);
    expect(events).not.toContain('start 3');
  });

  it('commits the settled prefix, then throws, when a message could not be settled (kafkajs fetches it again)', async () => {
    const { payload, committed } = fakeBatch([
      ['1', 'a'],
      ['2', 'b'],
      ['3', 'c'],
    ]);
    const { processor, batches } = processorReturning({ '2': new Error('dead-letter write failed') });
    await expect(consumeBatch(payload, processor, () => false, { keyConcurrency: 1 })).rejects.toThrow('dead-letter write failed');
    expect(committed).toEqual(['2']);
    expect(batches.ended).toBe(1);
  });

  it('stops between messages once the server is closing, after finishing the one in flight', async () => {
    const { payload, committed } = fakeBatch(sameKey('1', '2', '3'));
    let closing = false;
    const { processor } = processorReturning();
    const closingAfterFirst = { ...processor, process: async (message: IncomingMessage) => ((closing = true), processor.process(message)) };
    await consumeBatch(payload, closingAfterFirst, () => closing);
    expect(committed).toEqual(['2']);
  });

  it('stops when the partition was revoked', async () => {
    const { payload, committed } = fakeBatch(sameKey('1', '2'));
    await consumeBatch({ ...payload, isStale: () => true }, processorReturning().processor, () => false);
    expect(committed).toEqual([]);
  });
});
