import type { Principal } from '@portico/auth';
import { v7 as uuidv7 } from 'uuid';

/** Access to one firm's portal as one of its client records (or a linked contact of it). */
export interface PortalMembership {
  firmId: string;
  clientId: string;
  /** The linked contact of the client this login belongs to; null when it is the client's own. */
  contactId: string | null;
  /** The invitation that granted it. */
  invitationId: string;
  grantedAt: Date;
}

interface Login {
  id: string;
  /** Normalized: see normalizeEmail. Unique across all users, staff and clients. */
  email: string;
  passwordHash: string;
  createdAt: Date;
  /** One login, many portals: any login (a staff member's too) may be a client of other firms. */
  portals: PortalMembership[];
  /** Every invitation this login accepted, so applying an acceptance twice changes nothing. */
  acceptedInvitationIds: string[];
  /** Optimistic concurrency for membership changes: a write names the version it read. */
  version: number;
  /** Set by the login itself (User Settings); staff get theirs at signup. */
  name?: string;
  /** Set when the login ended its sessions (logout everywhere, password change). */
  sessionCutoff?: SessionCutoff;
}

/**
 * Refresh sessions created before `at` no longer refresh, except the family `keptFamilyId`
 * (the session that changed the password). A single field of the user document, so ending
 * every session is one atomic write, and a refresh racing with it cannot outlive it: the
 * token it mints is dated before `at`.
 */
export interface SessionCutoff {
  at: Date;
  keptFamilyId: string | null;
}

export interface StaffUser extends Login {
  role: 'staff';
  firmId: string;
  name: string;
}

/** A login created by accepting an invitation. */
export interface ClientUser extends Login {
  role: 'client';
}

export type User = StaffUser | ClientUser;

/** What an invitation grants, as identity's grant projection knows it. */
export interface PortalInvitation {
  invitationId: string;
  firmId: string;
  clientId: string;
  contactId: string | null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function newStaffUser(input: { firmId: string; name: string; email: string; passwordHash: string }, now = new Date()): StaffUser {
  return {
    id: uuidv7(),
    role: 'staff',
    firmId: input.firmId,
    name: input.name.trim(),
    email: normalizeEmail(input.email),
    passwordHash: input.passwordHash,
    createdAt: now,
    portals: [],
    acceptedInvitationIds: [],
    version: 0,
  };
}

/** A new client login that already holds the portal of the invitation it was created by. */
export function newClientUser(input: { email: string; passwordHash: string; invitation: PortalInvitation }, now = new Date()): ClientUser {
  const user: ClientUser = {
    id: uuidv7(),
    role: 'client',
    email: normalizeEmail(input.email),
    passwordHash: input.passwordHash,
    createdAt: now,
    portals: [],
    acceptedInvitationIds: [],
    version: 0,
  };
  return acceptInvitation(user, input.invitation, now).user;
}

export type Acceptance<U extends User = User> =
  /** The invitation was applied; `membership` is new unless this login already held that client's portal. */
  | { changed: true; user: U; membership: PortalMembership; newMembership: boolean }
  /** This login had accepted that very invitation before (a retried acceptance). */
  | { changed: false; user: U; membership: PortalMembership };

/**
 * Applies an accepted invitation. A second invitation to a portal the login already holds
 * (same firm and client record) is recorded as accepted without a second membership.
 */
export function acceptInvitation<U extends User>(user: U, invitation: PortalInvitation, now = new Date()): Acceptance<U> {
  const existing = membershipOf(user, invitation.firmId, invitation.clientId);
  if (existing && user.acceptedInvitationIds.includes(invitation.invitationId)) return { changed: false, user, membership: existing };
  const membership = existing ?? { ...invitation, grantedAt: now };
  return {
    changed: true,
    newMembership: !existing,
    membership,
    user: {
      ...user,
      portals: existing ? user.portals : [...user.portals, membership],
      acceptedInvitationIds: [...user.acceptedInvitationIds, invitation.invitationId],
      version: user.version + 1,
    },
  };
}

export function membershipOf(user: User, firmId: string, clientId: string): PortalMembership | undefined {
  return user.portals.find((portal) => portal.firmId === firmId && portal.clientId === clientId);
}

/** The principal of a plain login: staff within their firm, a client outside any portal. */
export function loginPrincipal(user: User): Principal {
  return user.role === 'staff'
    ? { userId: user.id, role: 'staff', firmId: user.firmId, email: user.email }
    : { userId: user.id, role: 'client', email: user.email };
}

/** The principal of a login inside one of its portals: a client of that firm, whoever the login is. */
export function portalPrincipal(user: User, membership: PortalMembership): Principal {
  return { userId: user.id, role: 'client', email: user.email, firmId: membership.firmId, clientId: membership.clientId, contactId: membership.contactId };
}

/** "Dana Scully" -> "DS" (first and last word); no name -> the email's first letter, upper-cased. */
export function initialsOf(user: Pick<User, 'name' | 'email'>): string {
  const words = (user.name ?? '').trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 0 ? [words[0], ...(words.length > 1 ? [words[words.length - 1]] : [])] : [user.email];
  return letters.map((word) => [...word][0].toLocaleUpperCase()).join('');
}
