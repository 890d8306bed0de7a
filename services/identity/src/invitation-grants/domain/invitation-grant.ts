/**
 * Identity's projection of one invitation (InvitationIssued / Reissued / Reminded / Revoked),
 * found by the SHA-256 of one of its links' tokens: enough to check a link without calling the
 * invitations service.
 */
export interface InvitationGrant {
  invitationId: string;
  /** The hash of the link it was found by (the current link, or a reminder's). */
  tokenHash: string;
  firmId: string;
  clientId: string;
  contactId: string | null;
  recipientKind: 'client' | 'contact' | 'extra';
  /** Normalized (lowercase): the only email this invitation can create a login for or add a portal to. */
  email: string;
  expiresAt: Date;
  status: 'pending' | 'accepted' | 'revoked';
  /** Set by the claim that moved the grant to `accepted`. */
  acceptance: GrantAcceptance | null;
}

export interface GrantAcceptance {
  claimId: string;
  claimedAt: Date;
  /** When the login write that the claim was for succeeded; null while it is in progress. */
  completedAt: Date | null;
}

/**
 * The claim (pending -> accepted) and the login write are two documents. If the process dies
 * between them, the grant reads `accepted` while no login holds the portal. An acceptance not
 * completed within this time is treated as abandoned, so the link works again (the login
 * write is idempotent per invitation, so a retry never grants twice).
 */
export const ACCEPTANCE_LEASE_MS = 60_000;

/** What a link holder can do with a grant. */
export type GrantState = 'usable' | 'used' | 'revoked' | 'expired';

export function grantState(grant: InvitationGrant, now: Date): GrantState {
  if (grant.status === 'revoked') return 'revoked';
  if (grant.status === 'accepted' && !isAbandoned(grant.acceptance, now)) return 'used';
  if (grant.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'usable';
}

function isAbandoned(acceptance: GrantAcceptance | null, now: Date): boolean {
  return acceptance !== null && acceptance.completedAt === null && now.getTime() - acceptance.claimedAt.getTime() >= ACCEPTANCE_LEASE_MS;
}

/** The link cannot be used; `state` says why (never 'usable'). */
export class InvitationUnusableError extends Error {
  constructor(readonly state: Exclude<GrantState, 'usable'>) {
    super(`Invitation ${state}`);
  }
}

/** No grant for this token: mistyped, forged, or from before identity learnt of it. */
export class InvitationUnknownError extends Error {
  constructor() {
    super('Unknown invitation');
  }
}

/** Throws InvitationUnknownError or InvitationUnusableError unless the grant can be accepted now. */
export function assertUsable(grant: InvitationGrant | undefined, now: Date): asserts grant is InvitationGrant {
  if (!grant) throw new InvitationUnknownError();
  const state = grantState(grant, now);
  if (state !== 'usable') throw new InvitationUnusableError(state);
}
