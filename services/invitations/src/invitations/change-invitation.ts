import type { EventEnvelope } from '@portico/contracts';
import { changeOptimistically } from '@portico/mongo';
import type { Invitation, InvitationChange } from './domain/invitation';
import { InvitationRepository } from './domain/invitation.repository';

/** A change and the events it causes, stored together. */
export interface InvitationDecision {
  change: InvitationChange;
  events: EventEnvelope[];
}

export type ChangeOutcome = { kind: 'changed'; invitation: Invitation } | { kind: 'refused'; invitation: Invitation } | { kind: 'notFound' };

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
  const apply = idempotent ? repository.applyIdempotentChange : repository.applyChange;
  const result = await changeOptimistically({
    read: () => repository.findById(firmId, invitationId),
    decide,
    write: async (invitation, { change, events }) => ((await apply.call(repository, invitation, change, events)) ? invitation.apply(change) : undefined),
    attempts: MAX_ROUNDS,
    exhausted: () => new Error(`Invitation ${invitationId} kept changing during ${MAX_ROUNDS} attempts to update it`),
  });
  if (result.kind === 'missing') return { kind: 'notFound' };
  return result.kind === 'written' ? { kind: 'changed', invitation: result.stored } : { kind: 'refused', invitation: result.current };
}
