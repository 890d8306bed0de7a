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

/** A change and the events it causes, stored together. */
export interface InvitationDecision {
  change: InvitationChange;
  events: EventEnvelope[];
}

export type ChangeOutcome =
  | { kind: 'changed'; invitation: Invitation }
  | { kind: 'refused'; invitation: Invitation }
  | { kind: 'notFound' };

// Each lost race means another change was stored; a handful of rounds settles it.
const MAX_ROUNDS = 5;

/**
 * Read, decide, write-if-unchanged: `decide` sees the current invitation and returns the change
 * with its events, or undefined to refuse. Retried when another change won the race. `idempotent`:
 * see `applyIdempotentChange`.
 */
export async function changeInvitation(
  repository: InvitationRepository,
  firmId: string,
  invitationId: string,
  decide: (invitation: Invitation) => InvitationDecision | undefined,
  { idempotent = false }: { idempotent?: boolean } = {},
): Promise<ChangeOutcome> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const invitation = await repository.findById(firmId, invitationId);
    if (!invitation) return { kind: 'notFound' };
    const decision = decide(invitation);
    if (!decision) return { kind: 'refused', invitation };
    const apply = idempotent ? repository.applyIdempotentChange : repository.applyChange;
    if (await apply.call(repository, invitation, decision.change, decision.events)) {
      return { kind: 'changed', invitation: invitation.apply(decision.change) };
    }
  }
  throw new Error(`Invitation ${invitationId} kept changing during ${MAX_ROUNDS} attempts to update it`);
}
