import { acceptInvitation, initialsOf, loginPrincipal, newClientUser, newStaffUser, portalPrincipal } from './user';

const invitation = { invitationId: 'inv-1', firmId: 'firm-a', clientId: 'client-1', contactId: null };
const now = new Date('2030-01-01T00:00:00.000Z');

describe('a login and its portals', () => {
  it('creates a client login for the invited email, already holding that portal', () => {
    const user = newClientUser({ email: ' Cal@Example.com ', passwordHash: 'h', invitation }, now);
    expect(user).toMatchObject({ role: 'client', email: 'cal@example.com', acceptedInvitationIds: ['inv-1'] });
    expect(user.portals).toEqual([{ ...invitation, grantedAt: now }]);
  });

  it("adds another firm's portal to an existing login: one login, many portals", () => {
    const user = newClientUser({ email: 'cal@example.com', passwordHash: 'h', invitation }, now);
    const second = acceptInvitation(user, { invitationId: 'inv-2', firmId: 'firm-b', clientId: 'client-9', contactId: 'contact-3' }, now);
    expect(second).toMatchObject({ changed: true, newMembership: true, user: { version: user.version + 1 } });
    expect(second.user.portals.map((portal) => [portal.firmId, portal.clientId, portal.contactId])).toEqual([
      ['firm-a', 'client-1', null],
      ['firm-b', 'client-9', 'contact-3'],
    ]);
  });

  it('gives a staff login client portals of other firms too', () => {
    const staff = newStaffUser({ firmId: 'firm-s', name: 'Sam', email: 'sam@example.com', passwordHash: 'h' });
    const { user } = acceptInvitation(staff, invitation, now);
    expect(user).toMatchObject({ role: 'staff', firmId: 'firm-s', portals: [{ firmId: 'firm-a' }] });
    expect(loginPrincipal(user)).toEqual({ userId: staff.id, role: 'staff', firmId: 'firm-s', email: 'sam@example.com' });
    expect(portalPrincipal(user, user.portals[0])).toEqual({
      userId: staff.id,
      role: 'client',
      email: 'sam@example.com',
      firmId: 'firm-a',
      clientId: 'client-1',
      contactId: null,
    });
  });

  it('records a second invitation to a portal already held without a second membership', () => {
    const user = newClientUser({ email: 'cal@example.com', passwordHash: 'h', invitation }, now);
    const again = acceptInvitation(user, { ...invitation, invitationId: 'inv-3' }, now);
    expect(again).toMatchObject({ changed: true, newMembership: false });
    expect(again.user.portals).toHaveLength(1);
    expect(again.user.acceptedInvitationIds).toEqual(['inv-1', 'inv-3']);
  });

  it('changes nothing when the same invitation is applied again (a retried acceptance)', () => {
    const user = newClientUser({ email: 'cal@example.com', passwordHash: 'h', invitation }, now);
    const retried = acceptInvitation(user, invitation, now);
    expect(retried.changed).toBe(false);
    expect(retried.user).toBe(user);
  });

  it('scopes a client outside any portal to nothing', () => {
    const user = newClientUser({ email: 'cal@example.com', passwordHash: 'h', invitation }, now);
    expect(loginPrincipal(user)).toEqual({ userId: user.id, role: 'client', email: 'cal@example.com' });
  });
});

describe('initials for the User Settings menu', () => {
  it('takes the first letters of the first and last word of the name', () => {
    expect(initialsOf({ name: 'Dana Scully', email: 'x@example.com' })).toBe('DS');
    expect(initialsOf({ name: '  mary jane   watson ', email: 'x@example.com' })).toBe('MW');
    expect(initialsOf({ name: 'Cher', email: 'x@example.com' })).toBe('C');
    expect(initialsOf({ name: 'Émile Zola', email: 'x@example.com' })).toBe('ÉZ');
  });

  it("falls back to the email's first letter, upper-cased, for a login without a name", () => {
    expect(initialsOf({ email: 'cal@example.com' })).toBe('C');
    expect(initialsOf({ name: undefined, email: 'dana.scully@example.com' })).toBe('D');
  });
});
