import { afterAccessGranted, afterInvitation, afterLogin, NO_PORTAL, PortalAccess } from './portal-access';

const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));

describe('portal access', () => {
  it('goes none -> invited -> has portal, and a login sets the last login', () => {
    const invited = afterInvitation(NO_PORTAL, t(1));
    expect(invited).toMatchObject({ status: 'invited', invitedAt: t(1), accessGrantedAt: null, lastLoginAt: null });

    const granted = afterAccessGranted(invited, 'user-1', t(2));
    expect(granted).toMatchObject({ status: 'has_portal', invitedAt: t(1), accessGrantedAt: t(2), userIds: ['user-1'], lastLoginAt: null });

    expect(afterLogin(granted, 'user-1', t(3))).toMatchObject({ status: 'has_portal', lastLoginAt: t(3) });
  });

  it('never goes back: an invitation after access was granted keeps "has portal"', () => {
    const granted = afterAccessGranted(NO_PORTAL, 'user-1', t(2));
    const reinvited = afterInvitation(granted, t(5));
    expect(reinvited.status).toBe('has_portal');
    expect(reinvited.invitedAt).toEqual(t(5));
  });

  it('reaches the same state whichever of invitation and access arrives first', () => {
    const inOrder = afterAccessGranted(afterInvitation(NO_PORTAL, t(1)), 'user-1', t(2));
    const reversed = afterInvitation(afterAccessGranted(NO_PORTAL, 'user-1', t(2)), t(1));
    expect(reversed).toEqual(inOrder);
  });

  it('returns the same object for an event already applied (nothing to write)', () => {
    const invited = afterInvitation(NO_PORTAL, t(1));
    expect(afterInvitation(invited, t(1))).toBe(invited);
    const granted = afterAccessGranted(invited, 'user-1', t(2));
    expect(afterAccessGranted(granted, 'user-1', t(2))).toBe(granted);
    const loggedIn = afterLogin(granted, 'user-1', t(3));
    expect(afterLogin(loggedIn, 'user-1', t(3))).toBe(loggedIn);
  });

  it('keeps the latest invitation, the first access and the latest login when events arrive late', () => {
    let access: PortalAccess = afterInvitation(NO_PORTAL, t(10));
    access = afterInvitation(access, t(5));
    access = afterAccessGranted(access, 'user-1', t(20));
    access = afterAccessGranted(access, 'user-1', t(15));
    access = afterLogin(access, 'user-1', t(40));
    access = afterLogin(access, 'user-1', t(30));
    expect(access).toMatchObject({ invitedAt: t(10), accessGrantedAt: t(15), lastLoginAt: t(40), userIds: ['user-1'] });
  });

  it("ignores a login that is not this person's", () => {
    const granted = afterAccessGranted(NO_PORTAL, 'user-1', t(2));
    expect(afterLogin(granted, 'someone-else', t(3))).toBe(granted);
    expect(afterLogin(NO_PORTAL, 'user-1', t(3))).toBe(NO_PORTAL);
  });

  it('remembers every login that got access as this person', () => {
    const two = afterAccessGranted(afterAccessGranted(NO_PORTAL, 'user-1', t(1)), 'user-2', t(2));
    expect(two.userIds).toEqual(['user-1', 'user-2']);
    expect(afterLogin(two, 'user-2', t(3)).lastLoginAt).toEqual(t(3));
  });
});
