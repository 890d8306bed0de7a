import { describe, expect, it } from '@jest/globals';
import { ClientCreated, createEvent, EventValidationError } from '@portico/contracts';
import { EventPublisher, toKafkaMessage, UnknownEventError } from './event-publisher';

const event = createEvent(
  ClientCreated,
  { clientId: 'c-9', firmId: 'f-1', kind: 'individual', displayName: 'Grace', emails: [], contacts: [] },
  { firmId: 'f-1', correlationId: 'corr-9', causationId: 'cause-1' },
);

describe('EventPublisher.validate', () => {
  // Constructing the publisher does not connect; validate never touches Kafka.
  const publisher = new EventPublisher({ brokers: ['127.0.0.1:1'], clientId: 'test' });

  it('routes a catalogue event to its contract topic and strips what a store added', () => {
    const stored = { ...event, _id: 'mongo-id' };
    const { topic, event: validated } = publisher.validate(stored);
    expect(topic).toBe('portico.clients.client.v1');
    expect(validated).toEqual(event);
  });

  it('refuses an event type the catalogue does not know', () => {
    expect(() => publisher.validate({ ...event, type: 'ClientVanished' })).toThrow(UnknownEventError);
    expect(() => publisher.validate({ ...event, version: 9 })).toThrow('No contract for ClientCreated v9');
  });

  it('refuses an envelope that breaks its contract, naming the field', () => {
    expect(() => publisher.validate({ ...event, payload: { ...event.payload, emails: ['x'] } })).toThrow(EventValidationError);
    expect(() => publisher.validate({ ...event, payload: { ...event.payload, emails: ['x'] } })).toThrow('payload.emails[0]');
  });

  it('publishes nothing (and needs no broker) for an empty list', async () => {
    await expect(publisher.publish([])).resolves.toBeUndefined();
  });
});

describe('toKafkaMessage', () => {
  it('keys by aggregate and carries the routing headers', () => {
    expect(toKafkaMessage(event)).toEqual({
      key: 'c-9',
      value: JSON.stringify(event),
      headers: { 'event-type': 'ClientCreated', 'event-version': '1', 'event-id': event.id, 'correlation-id': 'corr-9', 'causation-id': 'cause-1' },
    });
  });
});
