import type { EventEnvelope } from '@portico/contracts';
import { waitFor } from '@portico/testing';
import type { Consumer, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** Reads topics for the whole test file, keeping the events `accept` picks (the topics are shared with other runs). */
export class EventTap {
  private readonly events: EventEnvelope[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
    private readonly accept: (event: EventEnvelope) => boolean,
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `files-test-tap-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value?.toString() ?? 'null') as EventEnvelope | null;
        if (event && this.accept(event)) this.events.push(event);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  /** Waits for an event of `type` matching `match`, and returns it. */
  async waitFor<T = unknown>(type: string, match: (event: EventEnvelope<T>) => boolean): Promise<EventEnvelope<T>> {
    const find = () => (this.events as EventEnvelope<T>[]).find((event) => event.type === type && match(event));
    return waitFor(find, { timeoutMs: 30_000, description: `a ${type} event` });
  }
}
