import { describe, expect, it } from '@jest/globals';
import { DEAD_LETTER_HEADER_PREFIX, DeadLetterHeaders, deadLetterHeaders, ReplayHeaders } from './dead-letter-headers';
import type { DeadLetter } from './message-processor';

const record: DeadLetter = {
  service: 'invitations',
  groupId: 'invitations',
  topic: 'portico.clients.client.v1',
  partition: 2,
  offset: '41',
  key: 'c-1',
  value: '{}',
  headers: { 'event-type': 'ClientCreated' },
  reason: 'handler: boom',
  attempts: 5,
  failedAt: '2025-01-02T03:04:05.000Z',
  eventId: 'e-1',
  eventType: 'ClientCreated',
};

describe('dead-letter headers', () => {
  it('name the original coordinates, the reason, the attempts, the time and the service', () => {
    expect(deadLetterHeaders(record)).toEqual({
      'dlt-original-topic': 'portico.clients.client.v1',
      'dlt-original-partition': '2',
      'dlt-original-offset': '41',
      'dlt-reason': 'handler: boom',
      'dlt-attempts': '5',
      'dlt-failed-at': '2025-01-02T03:04:05.000Z',
      'dlt-service': 'invitations',
    });
  });

  it('all share the prefix a replay strips, which no replay header has', () => {
    expect(Object.values(DeadLetterHeaders).every((name) => name.startsWith(DEAD_LETTER_HEADER_PREFIX))).toBe(true);
    expect(Object.values(ReplayHeaders).some((name) => name.startsWith(DEAD_LETTER_HEADER_PREFIX))).toBe(false);
  });
});
