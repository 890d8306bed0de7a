import { Invitation } from './invitation';
import { decideSlot, slotKey } from './invitation-slot';

const now = new Date('2026-03-01T10:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

const holder = (expiryDays = 30, issuedAt = now) =>
  Invitation.issue(
    {
      id: 'inv-1',
      firmId: 'firm-1',
      clientId: 'c-1',
      contactId: null,
      recipientKind: 'extra',
      email: 'a@example.com',
      recipientName: null,
      message: null,
      templateId: null,
      requestedBy: 's',
      tokenHash: 'f'.repeat(64),
      requestedAt: issuedAt,
      expiryDays,
    },
    issuedAt,
  );

describe('slotKey', () => {
  it('is one key per firm and address, whatever the case or surrounding spaces', () => {
    expect(slotKey('firm-1', ' Jane@Example.COM ')).toBe(slotKey('firm-1', 'jane@example.com'));
    expect(slotKey('firm-1', 'jane@example.com')).not.toBe(slotKey('firm-2', 'jane@example.com'));
  });

  it('cannot be forged by an id that contains the separator', () => {
    expect(slotKey('a:b', 'c@example.com')).not.toBe(slotKey('a', 'b:c@example.com'));
  });
});

describe('decideSlot (one open invitation per firm and email)', () => {
  const slot = { invitationId: 'inv-1' };

  it('is free when the address was never invited', () => {
    expect(decideSlot(undefined, undefined, now)).toBe('free');
  });

  it('is held by a requested invitation that is not issued yet', () => {
    expect(decideSlot(slot, undefined, now)).toBe('held');
  });

  it('is held by a pending, sent or delivery_failed invitation', () => {
    const pending = holder();
    expect(decideSlot(slot, pending, now)).toBe('held');
    expect(decideSlot(slot, pending.apply(pending.markSent(now)!), now)).toBe('held');
    expect(decideSlot(slot, pending.apply(pending.markDeliveryFailed('550', now)!), now)).toBe('held');
  });

  it('is free again once the holder is accepted, revoked or expired', () => {
    const pending = holder();
    expect(decideSlot(slot, pending.apply(pending.accept('u', now)!), now)).toBe('free');
    expect(decideSlot(slot, pending.apply(pending.revoke('s', now)!), now)).toBe('free');
    expect(decideSlot(slot, holder(1, new Date(now.getTime() - DAY)), now)).toBe('free');
  });
});
