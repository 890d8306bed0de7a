import type { InvitationGrant } from './invitation-grant';

export interface IssuedInvitation {
  invitationId: string;
  tokenHash: string;
  firmId: string;
  clientId: string;
  contactId: string | null;
  recipientKind: 'client' | 'contact' | 'extra';
  email: string;
  expiresAt: Date;
}

/** A new link replacing every earlier one (resend, self-serve re-issue), with its expiry. */
export interface ReissuedInvitation {
  invitationId: string;
  firmId: string;
  tokenHash: string;
  expiresAt: Date;
}

/** A reminder's link: one more that works, alongside the earlier ones. */
export interface RemindedInvitation {
  invitationId: string;
  firmId: string;
  tokenHash: string;
}

export interface RevokedInvitation {
  invitationId: string;
  firmId: string;
  clientId: string;
  contactId: string | null;
  email: string;
  revokedAt: Date;
}

export abstract class InvitationGrantRepository {
  /**
   * Records an issued invitation as pending. Idempotent; a later issue of the same invitation
   * (a new link) replaces its token and expiry unless it was accepted; a revoked one stays revoked.
   */
  abstract applyIssued(invitation: IssuedInvitation): Promise<void>;
  /**
   * Replaces every link of a pending grant by the new one and sets the new expiry. Idempotent;
   * an accepted or revoked grant is left alone. False when the grant is unknown here.
   */
  abstract applyReissued(invitation: ReissuedInvitation): Promise<boolean>;
  /** Adds a reminder's link to the grant's working links. Idempotent. False when the grant is unknown here. */
  abstract applyReminded(invitation: RemindedInvitation): Promise<boolean>;
  /** Revokes a pending grant. Idempotent; an accepted grant stays accepted. */
  abstract applyRevoked(invitation: RevokedInvitation): Promise<void>;
  /** The grant one of whose working links (current or reminder) has this hash. */
  abstract findByTokenHash(tokenHash: string): Promise<InvitationGrant | undefined>;
  /**
   * The one conditional update that consumes a link: pending (or an abandoned acceptance) ->
   * accepted, only if unexpired, unrevoked and the link (`grant.tokenHash`) still works at `now`. Of concurrent claims exactly one gets
   * true.
   */
  abstract claim(grant: InvitationGrant, claimId: string, now: Date): Promise<boolean>;
  /** Gives a claim back (the login write failed): the link works again. */
  abstract release(invitationId: string, claimId: string): Promise<void>;
  /** The login write of this claim succeeded: the acceptance is final. */
  abstract complete(invitationId: string, claimId: string, now: Date): Promise<void>;
}
