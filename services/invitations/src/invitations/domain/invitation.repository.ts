import type { EventEnvelope } from '@portico/contracts';
import type { Invitation, InvitationChange } from './invitation';

/** Persistence port of invitations. Every read takes the firm: no query crosses tenants by omission. */
export abstract class InvitationRepository {
  /**
   * Stores a newly issued invitation and its events in one write. False when an invitation
   * with that id exists already (a redelivered request): nothing is written then.
   */
  abstract insertOnce(invitation: Invitation, events: EventEnvelope[]): Promise<boolean>;
  abstract findById(firmId: string, id: string): Promise<Invitation | undefined>;
  abstract listByClient(firmId: string, clientId: string): Promise<Invitation[]>;
  /**
   * Applies `change` and appends `events` in one write if the invitation is still the one read
   * (same revision). False when it changed meanwhile.
   */
  abstract applyChange(invitation: Invitation, change: InvitationChange, events: EventEnvelope[]): Promise<boolean>;
  /**
   * applyChange for a caller whose decision is idempotent (deciding again on the stored result
   * changes nothing, e.g. recording a delivery outcome): concurrent calls may be written together,
   * and one that was written may, rarely, be reported false (its caller then reads, decides again,
   * and is refused). A change that was not written is never reported true.
   */
  applyIdempotentChange(invitation: Invitation, change: InvitationChange, events: EventEnvelope[]): Promise<boolean> {
    return this.applyChange(invitation, change, events);
  }
  /** The invitation one of whose working links has this token hash (any firm: the link is the credential). */
  abstract findByTokenHash(tokenHash: string): Promise<Invitation | undefined>;
  /** Deletes a scheduled invitation that never held its slot (its request failed). */
  abstract discardScheduled(invitation: Invitation): Promise<void>;
  /** Up to `limit` invitations (any firm) the lifecycle scheduler has to act on at `now`. */
  abstract findDue(kind: LifecycleDue, now: Date, limit: number): Promise<Invitation[]>;
}

/** expiry: open, past expiry, not announced; reminder: open, a reminder look-up due; send: scheduled, send time come. */
export type LifecycleDue = 'expiry' | 'reminder' | 'send';
