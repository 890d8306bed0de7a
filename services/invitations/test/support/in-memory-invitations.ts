import type { EventEnvelope } from '@portico/contracts';
import { Invitation, InvitationChange } from '../../src/invitations/domain/invitation';
import { InvitationRepository, LifecycleDue } from '../../src/invitations/domain/invitation.repository';
import { InvitationSlot, InvitationSlotRepository, slotKey } from '../../src/invitations/domain/invitation-slot';

/** Follows the Mongo repository's rules (insert-once, compare-and-set on the revision) in memory. */
export class InMemoryInvitations extends InvitationRepository {
  readonly stored = new Map<string, Invitation>();
  readonly events: EventEnvelope[] = [];

  async insertOnce(invitation: Invitation, events: EventEnvelope[]): Promise<boolean> {
    if (this.stored.has(invitation.id)) return false;
    this.stored.set(invitation.id, invitation);
    this.events.push(...events);
    return true;
  }

  async findById(firmId: string, id: string): Promise<Invitation | undefined> {
    const invitation = this.stored.get(id);
    return invitation?.props.firmId === firmId ? invitation : undefined;
  }

  async listByClient(firmId: string, clientId: string): Promise<Invitation[]> {
    return [...this.stored.values()].filter(({ props }) => props.firmId === firmId && props.clientId === clientId);
  }

  async applyChange(invitation: Invitation, change: InvitationChange, events: EventEnvelope[]): Promise<boolean> {
    const current = this.stored.get(invitation.id);
    if (!current || current.props.revision !== invitation.props.revision) return false;
    this.stored.set(invitation.id, current.apply(change));
    this.events.push(...events);
    return true;
  }

  async findByTokenHash(tokenHash: string): Promise<Invitation | undefined> {
    return [...this.stored.values()].find(({ props }) => props.tokenHash === tokenHash || props.reminderTokenHashes.includes(tokenHash));
  }

  async discardScheduled(invitation: Invitation): Promise<void> {
    if (this.stored.get(invitation.id)?.props.status === 'scheduled') this.stored.delete(invitation.id);
  }

  async findDue(kind: LifecycleDue, now: Date): Promise<Invitation[]> {
    const due: Record<LifecycleDue, (invitation: Invitation) => boolean> = {
      expiry: (i) => i.announceExpiry(now) !== undefined,
      reminder: (i) => i.isOpenAt(now) && i.props.nextReminderAt !== null && i.props.nextReminderAt <= now,
      send: (i) => i.props.status === 'scheduled' && i.props.sendAt !== null && i.props.sendAt <= now,
    };
    return [...this.stored.values()].filter(due[kind]);
  }
}

/** Slots with the Mongo repository's claim rule (absent, or still held by the expected holder). */
export class InMemorySlots extends InvitationSlotRepository {
  readonly stored = new Map<string, InvitationSlot>();
  readonly events: EventEnvelope[] = [];
  /** Runs just before a claim is checked: lets a test slip a competing request in. */
  beforeClaim?: () => Promise<void>;

  async find(firmId: string, email: string): Promise<InvitationSlot | undefined> {
    return this.stored.get(slotKey(firmId, email));
  }

  async claim(slot: InvitationSlot, expectedHolder: string | undefined, events: EventEnvelope[]): Promise<boolean> {
    const hook = this.beforeClaim;
    this.beforeClaim = undefined;
    await hook?.();
    const key = slotKey(slot.firmId, slot.email);
    const current = this.stored.get(key);
    if (current?.invitationId !== expectedHolder || (current?.reservedUntil && current.reservedUntil > new Date())) return false;
    this.stored.set(key, { ...slot, reservedUntil: null });
    this.events.push(...events);
    return true;
  }

  async reserve(firmId: string, email: string, invitationId: string, until: Date): Promise<boolean> {
    const current = this.stored.get(slotKey(firmId, email));
    if (current?.invitationId !== invitationId) return false;
    this.stored.set(slotKey(firmId, email), { ...current, reservedUntil: until });
    return true;
  }

  async release(firmId: string, email: string, invitationId: string): Promise<void> {
    const current = this.stored.get(slotKey(firmId, email));
    if (current?.invitationId === invitationId) this.stored.set(slotKey(firmId, email), { ...current, reservedUntil: null });
  }
}
