import { invitationTokenHash } from '@portico/contracts';
import { ACCEPTANCE_LEASE_MS, assertUsable, grantState, InvitationGrant, InvitationUnknownError, InvitationUnusableError } from './invitation-grant';

const now = new Date('2030-06-01T12:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);

const pending: InvitationGrant = {
  invitationId: 'inv-1',
  tokenHash: invitationTokenHash('token'),
  firmId: 'firm-1',
  clientId: 'client-1',
  contactId: null,
  recipientKind: 'client',
  email: 'cal@example.com',
  expiresAt: later(3600_000),
  status: 'pending',
  acceptance: null,
};
const accepted = (claimedAt: Date, completedAt: Date | null): InvitationGrant => ({
  ...pending,
  status: 'accepted',
  acceptance: { claimId: 'claim-1', claimedAt, completedAt },
});

describe('grantState', () => {
  it('lets a pending, unexpired grant be used', () => {
    expect(grantState(pending, now)).toBe('usable');
  });

  it('expires at its expiry instant, not a millisecond later', () => {
    expect(grantState(pending, later(3600_000 - 1))).toBe('usable');
    expect(grantState(pending, later(3600_000))).toBe('expired');
  });

  it('calls a revoked grant revoked, even after it has also expired', () => {
    expect(grantState({ ...pending, status: 'revoked' }, now)).toBe('revoked');
    expect(grantState({ ...pending, status: 'revoked' }, later(7200_000))).toBe('revoked');
  });

  it('calls an accepted grant used, also once it is past its expiry', () => {
    expect(grantState(accepted(now, now), later(1000))).toBe('used');
    expect(grantState(accepted(now, now), later(7200_000))).toBe('used');
  });

  it('calls an acceptance in progress used: a concurrent second acceptance must not start', () => {
    expect(grantState(accepted(now, null), later(ACCEPTANCE_LEASE_MS - 1))).toBe('used');
  });

  it('lets the link work again once an acceptance was abandoned mid-way (the process died)', () => {
    expect(grantState(accepted(now, null), later(ACCEPTANCE_LEASE_MS))).toBe('usable');
  });

  it('does not revive an abandoned acceptance past the expiry', () => {
    const shortLived = { ...accepted(now, null), expiresAt: later(ACCEPTANCE_LEASE_MS) };
    expect(grantState(shortLived, later(ACCEPTANCE_LEASE_MS))).toBe('expired');
  });
});

describe('assertUsable', () => {
  it('names why a link cannot be used', () => {
    expect(() => assertUsable(undefined, now)).toThrow(InvitationUnknownError);
    const refusal = (grant: InvitationGrant) => {
      try {
        assertUsable(grant, now);
      } catch (error) {
        return (error as InvitationUnusableError).state;
      }
      return 'usable';
    };
    expect(refusal(pending)).toBe('usable');
    expect(refusal({ ...pending, expiresAt: now })).toBe('expired');
    expect(refusal({ ...pending, status: 'revoked' })).toBe('revoked');
    expect(refusal(accepted(now, now))).toBe('used');
  });
});
