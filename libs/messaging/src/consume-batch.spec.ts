import { describe, expect, it, jest } from '@jest/globals';
import type { Batch, KafkaMessage } from 'kafkajs';
import { consumeBatch } from './consume-batch';
import type { IncomingMessage, Outcome } from './message-processor';

function fakeBatch(offsets: string[]) {
  const committed: string[] = [];
  const resolved: string[] = [];
  const payload = {
    batch: { topic: 't', partition: 3, messages: offsets.map((offset) => ({ offset, key: null, value: Buffer.from(offset) }) as unknown as KafkaMessage) } as Batch,
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

const processorReturning = (outcomes: Record<string, Outcome | Error>) => ({
  process: async (message: IncomingMessage): Promise<Outcome> => {
    const outcome = outcomes[message.offset] ?? { status: 'handled', attempts: 1 };
    if (outcome instanceof Error) throw outcome;
    return outcome;
  },
});

describe('consumeBatch', () => {
  it('commits offset + 1 right after each handled or dead-lettered message', async () => {
    const { payload, committed, resolved } = fakeBatch(['7', '8']);
    const committedWhenProcessing: string[][] = [];
    const processor = processorReturning({ '8': { status: 'dead-lettered', reason: 'x', attempts: 5 } });
    await consumeBatch(
      payload,
      { process: async (message) => (committedWhenProcessing.push([...committed]), processor.process(message)) },
      () => false,
    );
    expect(resolved).toEqual(['7', '8']);
    expect(committedWhenProcessing).toEqual([[], ['8']]);
    expect(committed).toEqual(['8', '9']);
  });

  it('commits skipped messages (not ours, duplicates) together with the next commit or at the end', async () => {
    const { payload, committed } = fakeBatch(['1', '2', '3', '4', '5']);
    await consumeBatch(payload, processorReturning({ '1': { status: 'ignored' }, '2': { status: 'duplicate' }, '4': { status: 'ignored' }, '5': { status: 'ignored' } }), () => false);
    expect(committed).toEqual(['4', '6']);
  });

  it('commits nothing for an interrupted message and stops there', async () => {
    const { payload, committed } = fakeBatch(['1', '2', '3']);
    await consumeBatch(payload, processorReturning({ '2': { status: 'interrupted', attempts: 1 } }), () => false);
    expect(committed).toEqual(['2']);
  });

  it('throws without committing when a message could not be settled (kafkajs fetches it again)', async () => {
    const { payload, committed } = fakeBatch(['1', '2', '3']);
    await expect(consumeBatch(payload, processorReturning({ '2': new Error('dead-letter write failed') }), () => false)).rejects.toThrow('dead-letter write failed');
    expect(committed).toEqual(['2']);
  });

  it('stops between messages once the server is closing, after finishing the one in flight', async () => {
    const { payload, committed } = fakeBatch(['1', '2', '3']);
    let closing = false;
    const processor = {
      process: async (): Promise<Outcome> => {
        closing = true;
        return { status: 'handled', attempts: 1 };
      },
    };
    await consumeBatch(payload, processor, () => closing);
    expect(committed).toEqual(['2']);
  });

  it('stops when the partition was revoked', async () => {
    const { payload, committed } = fakeBatch(['1', '2']);
    await consumeBatch({ ...payload, isStale: () => true }, processorReturning({}), () => false);
    expect(committed).toEqual([]);
  });
});
