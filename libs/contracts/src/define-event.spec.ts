import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { causedBy } from './envelope';
import { createEvent, defineEvent, parseEvent } from './define-event';
import { ClientCreated } from './events/client.events';
import { InvitationRequested } from './events/invitation.events';
import { EventValidationError } from './validation-error';

const origin = { firmId: 'firm-1', correlationId: 'corr-1' };
const client = { clientId: 'c-1', firmId: 'firm-1', kind: 'individual' as const, displayName: 'Ada Lovelace', emails: ['ada@example.com'], contacts: [] };

function validationError(run: () => unknown): EventValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof EventValidationError) return error;
    throw error;
  }
  throw new Error('expected an EventValidationError');
}

describe('createEvent', () => {
  it('fills the envelope: UUIDv7 id, ISO occurredAt, origin, key from the payload', () => {
    const before = Date.now();
    const event = createEvent(ClientCreated, client, origin);

    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Date(event.occurredAt).toISOString()).toBe(event.occurredAt);
    expect(Date.parse(event.occurredAt)).toBeGreaterThanOrEqual(before);
    expect(event).toMatchObject({
      type: 'ClientCreated',
      version: 1,
      firmId: 'firm-1',
      correlationId: 'corr-1',
      causationId: null,
      key: 'c-1',
      payload: client,
    });
  });

  it('gives every event a fresh id that sorts in creation order', () => {
    const ids = Array.from({ length: 50 }, () => createEvent(ClientCreated, client, origin).id);
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort()).toEqual(ids);
  });

  it('names every invalid field of the payload', () => {
    const error = validationError(() => createEvent(ClientCreated, { ...client, kind: 'robot' as never, emails: ['ada@example.com', 'not-an-email'] }, origin));
    expect(error.message).toContain('ClientCreated');
    expect(error.message).toContain('payload.kind');
    expect(error.message).toContain('payload.emails[1]: Invalid email address');
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(expect.arrayContaining(['payload.kind', 'payload.emails.1']));
  });

  it("refuses a payload naming another firm than the envelope's", () => {
    const error = validationError(() => createEvent(ClientCreated, { ...client, firmId: 'firm-2' }, origin));
    expect(error.message).toContain('payload.firmId: must equal the envelope firmId "firm-1"');
  });

  it('requires contactId exactly for contact invitations', () => {
    const invitation = { invitationId: 'i-1', clientId: 'c-1', email: 'bob@example.com', recipientKind: 'contact' as const, requestedBy: 'u-1' };
    expect(validationError(() => createEvent(InvitationRequested, invitation, origin)).message).toContain('payload.contactId');
    expect(createEvent(InvitationRequested, { ...invitation, contactId: 'ct-1' }, origin).key).toBe('i-1');
    expect(validationError(() => createEvent(InvitationRequested, { ...invitation, recipientKind: 'client', contactId: 'ct-1' }, origin)).message).toContain(
      'payload.contactId',
    );
  });

  it('carries correlation and causation from the event that caused it', () => {
    const cause = createEvent(ClientCreated, client, origin);
    const effect = createEvent(
      InvitationRequested,
      { invitationId: 'i-1', clientId: 'c-1', email: 'ada@example.com', recipientKind: 'client', requestedBy: 'u-1' },
      causedBy(cause),
    );
    expect(effect).toMatchObject({ firmId: 'firm-1', correlationId: 'corr-1', causationId: cause.id });
  });
});

describe('parseEvent', () => {
  const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

  it('accepts what createEvent produced, after a trip through JSON', () => {
    const event = createEvent(ClientCreated, client, origin);
    expect(parseEvent(ClientCreated, wire(event))).toEqual(event);
  });

  it('ignores payload fields it does not know (producers may add optional fields within a version)', () => {
    const event = wire(createEvent(ClientCreated, client, origin)) as { payload: Record<string, unknown> };
    event.payload.nickname = 'Ada';
    expect(parseEvent(ClientCreated, event).payload).toEqual(client);
  });

  it.each([
    ['id is not a UUIDv7', { id: '6f1c1f3e-4a7b-4c8d-9e0f-123456789abc' }, 'id'],
    ['occurredAt is not ISO', { occurredAt: 'yesterday' }, 'occurredAt'],
    ['firmId is missing', { firmId: undefined }, 'firmId'],
    ['another type', { type: 'ClientUpdated' }, 'type'],
    ['another version', { version: 2 }, 'version'],
    ['a key that does not match the payload', { key: 'c-2' }, 'key'],
    ['an invalid payload', { payload: { ...client, displayName: '' } }, 'payload.displayName'],
  ])('rejects an envelope with %s', (_case, change, field) => {
    const event = { ...(wire(createEvent(ClientCreated, client, origin)) as object), ...change };
    expect(validationError(() => parseEvent(ClientCreated, event)).message).toMatch(new RegExp(`(^|; |: )${field.replace(/[.[\]]/g, '\\$&')}: `));
  });

  it('rejects something that is not an envelope at all', () => {
    expect(validationError(() => parseEvent(ClientCreated, 'hello')).message).toContain('(root)');
  });
});

describe('defineEvent', () => {
  it('refuses a version that is not a positive integer', () => {
    expect(() => defineEvent({ type: 'Odd', version: 0, topic: 't', key: () => 'k', payload: z.object({}), description: '' })).toThrow('version');
  });
});
