import type { EventEnvelope } from '@portico/contracts';
import type { Invitation, RecipientKind } from './invitation';

/**
 * At most one open invitation per (firm, email): the slot of that pair names the invitation
 * holding it. Claiming a slot and recording its InvitationRequested are one single-document
 * write, so there is never a request without its claim, or a claim without its request.
 */
export interface InvitationSlot {
  firmId: string;
  /** Lower-cased. */
  email: string;
  /** The invitation holding the slot. */
  invitationId: string;
  /** Who that invitation is for, known before the invitation itself is issued. */
  clientId: string;
  recipientKind: RecipientKind;
  contactId: string | null;
  requestedAt: Date;
  /** Set while the holder is being given a new link (see `reserve`): no other request may take the slot until then. */
  reservedUntil?: Date | null;
}

/** One document per (firm, email); ids are opaque strings, so the pair is encoded unambiguously. */
export function slotKey(firmId: string, email: string): string {
  return JSON.stringify([firmId, email.trim().toLowerCase()]);
}

/**
 * Whether a new invitation may take the slot. `holder` is the invitation the slot names, or
 * undefined when it has not been issued yet: a requested invitation counts as pending (its
 * InvitationRequested is on its way), so the slot stays held; so does a scheduled holder. Once
 * the holder is accepted, revoked or past its expiry the slot is free again; nothing has to
 * release it.
 */
export function decideSlot(
  slot: Pick<InvitationSlot, 'invitationId' | 'reservedUntil'> | undefined,
  holder: Invitation | undefined,
  now = new Date(),
): 'free' | 'held' {
  if (!slot) return 'free';
  if (slot.reservedUntil && slot.reservedUntil.getTime() > now.getTime()) return 'held';
  return !holder || holder.holdsSlotAt(now) ? 'held' : 'free';
}

/** Persistence port of the slots. */
export abstract class InvitationSlotRepository {
  abstract find(firmId: string, email: string): Promise<InvitationSlot | undefined>;
  /**
   * Makes `slot.invitationId` the holder and appends `events` in the same write, provided the
   * slot is still held by `expectedHolder` (undefined: the slot must not exist yet).
   * False when another request changed the slot first.
   */
  abstract claim(slot: InvitationSlot, expectedHolder: string | undefined, events: EventEnvelope[]): Promise<boolean>;
  /**
   * Keeps the slot for its holder `invitationId` until `until`, provided it still holds it: a
   * holder past its expiry gets a new link (resend, self-serve) without a concurrent request
   * taking the slot in between. False when another invitation holds the slot.
   */
  abstract reserve(firmId: string, email: string, invitationId: string, until: Date): Promise<boolean>;
  /** Ends the reservation once the holder is open again. */
  abstract release(firmId: string, email: string, invitationId: string): Promise<void>;
}

/** How long a reservation protects a re-issue in progress (a crash in between frees the slot after it). */
export const SLOT_RESERVATION_MS = 30_000;
