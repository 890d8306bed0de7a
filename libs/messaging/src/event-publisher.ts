import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { allEvents, EventCatalogue, parseEvent, type EventContract, type EventEnvelope } from '@portico/contracts';
import type { Message } from 'kafkajs';
import type { KafkaConnectionOptions } from './kafka-client';
import { ReliableProducer, type SendOptions } from './reliable-producer';
import { endSpans, startPublishSpan } from './trace-context';

export const EVENT_PUBLISHER_OPTIONS = Symbol('EVENT_PUBLISHER_OPTIONS');

export interface EventPublisherOptions extends KafkaConnectionOptions {
  /** Contracts the publisher accepts; defaults to the whole Portico catalogue. */
  catalogue?: readonly EventContract[];
  /** How long `publish` keeps retrying transient failures before it throws (default 30 s). */
  publishDeadlineMs?: number;
}

export class UnknownEventError extends Error {
  override readonly name = 'UnknownEventError';
}

/** An envelope as an outbox stores it: with the W3C trace context of the moment it was written (never published in the value). */
export type TracedEnvelope = EventEnvelope & { traceparent?: string };

/** Header names every Portico event carries, so tools can filter without parsing the body. */
export const EventHeaders = {
  type: 'event-type',
  version: 'event-version',
  id: 'event-id',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
} as const;

/** The Kafka record for an (already validated) envelope. */
export function toKafkaMessage(envelope: EventEnvelope): Message {
  const headers: Record<string, string> = {
    [EventHeaders.type]: envelope.type,
    [EventHeaders.version]: String(envelope.version),
    [EventHeaders.id]: envelope.id,
    [EventHeaders.correlationId]: envelope.correlationId,
  };
  if (envelope.causationId) headers[EventHeaders.causationId] = envelope.causationId;
  return { key: envelope.key, value: JSON.stringify(envelope), headers };
}

/**
 * Publishes catalogue events. Every envelope is checked against its contract first, so a
 * malformed event fails at its producer instead of dead-lettering in every consumer.
 */
@Injectable()
export class EventPublisher implements OnApplicationShutdown {
  private readonly catalogue: EventCatalogue;
  private readonly producer: ReliableProducer;
  private readonly deadlineMs: number | undefined;

  constructor(@Inject(EVENT_PUBLISHER_OPTIONS) options: EventPublisherOptions) {
    this.catalogue = new EventCatalogue(options.catalogue ?? allEvents);
    this.producer = ReliableProducer.create(options, EventPublisher.name);
    this.deadlineMs = options.publishDeadlineMs;
  }

  /**
   * Validates all envelopes (nothing is sent if one is invalid), then sends them in one batch
   * per call, in order: events with the same key land on the same partition in the order given.
   * Resolves once every event is acknowledged by all in-sync replicas.
   */
  async publish(envelopes: readonly TracedEnvelope[], options: SendOptions = {}): Promise<void> {
    if (envelopes.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    const validated = envelopes.map((envelope) => this.validate(envelope));
    // A span per message (after validation: nothing is sent, nor traced, if one is invalid).
    const spans = validated.map(({ topic, event }, n) => {
      const message = toKafkaMessage(event);
      const span = startPublishSpan(
        topic,
        { type: event.type, id: event.id, traceparent: envelopes[n]!.traceparent },
        message.headers as Record<string, string>,
      );
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
      return span;
    });
    const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    try {
      await this.producer.send(topicMessages, { deadlineMs: this.deadlineMs, ...options });
    } catch (error) {
      endSpans(spans, error);
      throw error;
    }
    endSpans(spans);
  }

  /**
   * The envelope as its contract reads it, and the topic it goes to. Throws `UnknownEventError`
   * or `EventValidationError`. (Also strips anything a store added, such as a Mongo `_id`.)
   */
  validate(envelope: EventEnvelope): { topic: string; event: EventEnvelope } {
    const contract = this.catalogue.find(envelope.type, envelope.version);
    if (!contract) throw new UnknownEventError(`No contract for ${envelope.type} v${envelope.version} in the catalogue`);
    return { topic: contract.topic, event: parseEvent(contract, envelope) };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}
