export const PORTAL_STATUSES = ['none', 'invited', 'has_portal'] as const;
export type PortalStatus = (typeof PORTAL_STATUSES)[number];

/**
 * Where one person (the client, or one of its linked contacts) stands with the firm's portal.
 * Fed by events from invitations and identity, which arrive on different topics and may be
 * redelivered: every transition below is monotone (a status only moves forward, times only
 * move towards "latest login" / "first access"), so applying an event twice, or two events in
 * either order, ends in the same state.
 */
export interface PortalAccess {
  readonly status: PortalStatus;
  /** When the latest invitation to this person was issued. */
  readonly invitedAt: Date | null;
  /** When a login first got access to the portal as this person. */
  readonly accessGrantedAt: Date | null;
  readonly lastLoginAt: Date | null;
  /** Identity's ids of the logins that entered the portal as this person: their logins are this person's. */
  readonly userIds: readonly string[];
}

export const NO_PORTAL: PortalAccess = Object.freeze({ status: 'none', invitedAt: null, accessGrantedAt: null, lastLoginAt: null, userIds: Object.freeze([]) });

const RANK: Record<PortalStatus, number> = { none: 0, invited: 1, has_portal: 2 };

const atLeast = (current: PortalStatus, wanted: PortalStatus): PortalStatus => (RANK[wanted] > RANK[current] ? wanted : current);
const later = (current: Date | null, at: Date): Date => (current && current.getTime() >= at.getTime() ? current : at);
const earlier = (current: Date | null, at: Date): Date => (current && current.getTime() <= at.getTime() ? current : at);

function changed(before: PortalAccess, after: PortalAccess): PortalAccess {
  const sameTime = (a: Date | null, b: Date | null) => a?.getTime() === b?.getTime();
  const same =
    before.status === after.status &&
    sameTime(before.invitedAt, after.invitedAt) &&
    sameTime(before.accessGrantedAt, after.accessGrantedAt) &&
    sameTime(before.lastLoginAt, after.lastLoginAt) &&
    // userIds only ever grow: the same length is the same list.
    before.userIds.length === after.userIds.length;
  // The same object back tells the caller there is nothing to write.
  return same ? before : after;
}

/** An invitation was issued to this person: invited, unless they already have the portal. */
export function afterInvitation(access: PortalAccess, at: Date): PortalAccess {
  return changed(access, { ...access, status: atLeast(access.status, 'invited'), invitedAt: later(access.invitedAt, at) });
}

/** `userId` accepted an invitation as this person. */
export function afterAccessGranted(access: PortalAccess, userId: string, at: Date): PortalAccess {
  return changed(access, {
    ...access,
    status: 'has_portal',
    accessGrantedAt: earlier(access.accessGrantedAt, at),
    userIds: access.userIds.includes(userId) ? access.userIds : [...access.userIds, userId],
  });
}

/** `userId` logged in; counts only if that login is this person's. */
export function afterLogin(access: PortalAccess, userId: string, at: Date): PortalAccess {
  if (!access.userIds.includes(userId)) return access;
  return changed(access, { ...access, lastLoginAt: later(access.lastLoginAt, at) });
}
