import { describe, expect, it } from '@jest/globals';
import { allEvents, EventCatalogue } from './catalogue';
import { ClientCreated } from './events/client.events';
import { allTopics, deadLetterTopic, deadLetterTopicSpec, Topics } from './topics';

describe('the event catalogue', () => {
  it('publishes every event on a declared, versioned topic', () => {
    const declared = new Set(allTopics.map((topic) => topic.name));
    for (const contract of allEvents) {
      expect(declared).toContain(contract.topic);
      expect(contract.topic).toMatch(/^portico\.[a-z]+\.[a-z]+\.v\d+$/);
      expect(contract.description.length).toBeGreaterThan(0);
    }
  });

  it('holds each type@version once and finds it', () => {
    const catalogue = new EventCatalogue(allEvents);
    expect(catalogue.list()).toHaveLength(allEvents.length);
    expect(catalogue.find('ClientCreated', 1)).toBe(ClientCreated);
    expect(catalogue.find('ClientCreated', 2)).toBeUndefined();
    expect(() => new EventCatalogue([ClientCreated, ClientCreated])).toThrow('ClientCreated@v1 is defined twice');
  });

  it('declares partition counts for every topic', () => {
    expect(Topics.clientsClient).toEqual({ name: 'portico.clients.client.v1', partitions: 6 });
    for (const topic of allTopics) expect(topic.partitions).toBeGreaterThan(0);
  });
});

describe('deadLetterTopic', () => {
  it('names one dead-letter topic per consuming service', () => {
    expect(deadLetterTopic('invitations')).toBe('portico.dlt.invitations.v1');
    expect(deadLetterTopicSpec('notifications')).toEqual({ name: 'portico.dlt.notifications.v1', partitions: 1, retentionMs: 30 * 86_400_000 });
  });

  it('refuses a service name that would make an odd topic', () => {
    expect(() => deadLetterTopic('Invitations.v2')).toThrow('invalid service name');
  });
});
