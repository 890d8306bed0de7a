import type { EventEnvelope } from '@portico/contracts';
import { waitFor } from './wait-for';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/**
 * Reads topics from the beginning for the whole test file, keeping the events `accept` picks
 * (the topics are shared with every other run, so tests pick their own firms' events).
 */
export class EventTap {
  private readonly events: EventEnvelope[] = [];
  /** Next offset to read, per `topic:partition`. */
  private readonly positions = new Map<string, bigint>();
  private consumer?: Consumer;
  private admin?: Admin;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
    private readonly accept: (event: EventEnvelope) => boolean,
  ) {}

  async start(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    this.consumer = this.kafka.consumer({ groupId: `test-tap-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const event = JSON.parse(message.value?.toString() ?? 'null') as EventEnvelope | null;
        if (event && this.accept(event)) this.events.push(event);
        this.positions.set(`${topic}:${partition}`, BigInt(message.offset) + 1n);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.admin?.disconnect();
  }

  /** Events of `type` seen so far that satisfy `match`, in the order read. */
  of<T = unknown>(type: string, match: (event: EventEnvelope<T>) => boolean = () => true): EventEnvelope<T>[] {
    return (this.events as EventEnvelope<T>[]).filter((event) => event.type === type && match(event));
  }

  /** Waits until `count` events of `type` matching `match` have been read, and returns them. */
  async waitFor<T = unknown>(type: string, match: (event: EventEnvelope<T>) => boolean, count = 1): Promise<EventEnvelope<T>[]> {
    return waitFor(() => (this.of<T>(type, match).length >= count ? this.of<T>(type, match) : undefined), {
      timeoutMs: 30_000,
      description: `${count} ${type} event(s)`,
    });
  }

  /** Waits until everything published to the topics so far has been read: "exactly N" can then be asserted. */
  async caughtUp(): Promise<void> {
    const ends = (await Promise.all(this.topics.map(async (topic) => (await this.admin!.fetchTopicOffsets(topic)).map((p) => ({ topic, ...p }))))).flat();
    await waitFor(() => ends.every(({ topic, partition, high, low }) => high === low || (this.positions.get(`${topic}:${partition}`) ?? 0n) >= BigInt(high)), {
      timeoutMs: 30_000,
      description: `the tap to reach the end of ${this.topics.join(', ')}`,
    });
  }
}
