import type { DeadLetter } from '@portico/messaging';

/** A dead letter as the consumer writes it, for the unit tests in src/ (overrides per test). */
export const letter = (overrides: Partial<DeadLetter> = {}): DeadLetter => ({
  service: 'invitations',
  groupId: 'invitations',
  topic: 'portico.clients.client.v1',
  partition: 2,
  offset: '41',
  key: 'c-1',
  value: JSON.stringify({ id: 'e-1', type: 'ClientCreated', payload: { clientId: 'c-1' } }),
  headers: { 'event-type': 'ClientCreated', 'event-id': 'e-1' },
  reason: 'handler: database said no',
  attempts: 5,
  failedAt: '2025-03-01T10:00:00.000Z',
  eventId: 'e-1',
  eventType: 'ClientCreated',
  ...overrides,
});

export const DLT = 'portico.dlt.invitations.v1';
