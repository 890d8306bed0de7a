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
  /** Revokes a pending grant. Idempotent; an accepted grant stays accepted. */
  abstract applyRevoked(invitation: RevokedInvitation): Promise<void>;
  abstract findByTokenHash(tokenHash: string): Promise<InvitationGrant | undefined>;
  /**
   * The one conditional update that consumes a link: pending (or an abandoned acceptance) ->
   * accepted, only if unexpired and unrevoked at `now`. Of concurrent claims exactly one gets
   * true.
   */
  abstract claim(grant: InvitationGrant, claimId: string, now: Date): Promise<boolean>;
  /** Gives a claim back (the login write failed): the link works again. */
  abstract release(invitationId: string, claimId: string): Promise<void>;
  /** The login write of this claim succeeded: the acceptance is final. */
  abstract complete(invitationId: string, claimId: string, now: Date): Promise<void>;
}
