import { Injectable } from '@nestjs/common';
import { createEvent, InvitationRequested, type EventOrigin } from '@portico/contracts';
import { v7 as uuidv7 } from 'uuid';
import { Invitation, InvitationStatus, RecipientKind } from '../domain/invitation';
import { InvitationRepository } from '../domain/invitation.repository';
import { decideSlot, InvitationSlot, InvitationSlotRepository } from '../domain/invitation-slot';

/** One recipient of one client, already validated against the client directory. */
export interface InviteRecipientCommand {
  firmId: string;
  clientId: string;
  /** Lower-cased. */
  email: string;
  recipientKind: RecipientKind;
  contactId: string | null;
  message: string | null;
  templateId: string | null;
  /** Staff user id. */
  requestedBy: string;
  /** Send later; null = now. */
  sendAt?: Date | null;
  /** Who the email greets: kept on a scheduled invitation, which is stored at once. */
  recipientName?: string | null;
}

export interface InviteRecipientResult {
  invitationId: string;
  clientId: string;
  email: string;
  recipientKind: RecipientKind;
  contactId: string | null;
  status: InvitationStatus;
  /** True when the address already had an open invitation to this firm: that one is returned, nothing new is sent. */
  existing: boolean;
}

type Recipient = Pick<InviteRecipientResult, 'invitationId' | 'clientId' | 'email' | 'recipientKind' | 'contactId'>;

function result({ invitationId, clientId, email, recipientKind, contactId }: Recipient, status: InvitationStatus, existing: boolean): InviteRecipientResult {
  return { invitationId, clientId, email, recipientKind, contactId, status, existing };
}

// A claim is lost only to a request that claimed the slot in between, after which the slot is
// held; so two rounds settle it unless a holder is closed at that very moment.
const MAX_ROUNDS = 3;

/**
 * Requests the invitation of one recipient (now, or scheduled for `sendAt`), or returns the open
 * (or scheduled) invitation the address already has with this firm. The single-recipient HTTP request and (later) bulk jobs both go through
 * here, so the one-open-invitation-per-(firm, email) rule holds whatever the entry point.
 */
@Injectable()
export class InviteRecipientService {
  constructor(
    private readonly slots: InvitationSlotRepository,
    private readonly invitations: InvitationRepository,
  ) {}

  async execute(command: InviteRecipientCommand, origin: EventOrigin, now = new Date()): Promise<InviteRecipientResult> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const slot = await this.slots.find(command.firmId, command.email);
      const holder = slot ? await this.invitations.findById(command.firmId, slot.invitationId) : undefined;
      if (decideSlot(slot, holder, now) === 'held') {
        // Not issued yet (no holder document): the slot knows who it is for, and it is pending.
        return holder ? result({ ...holder.props, invitationId: holder.id }, holder.statusAt(now), true) : result(slot!, 'pending', true);
      }

      const invitationId = uuidv7();
      const requested = createEvent(
        InvitationRequested,
        {
          invitationId,
          clientId: command.clientId,
          email: command.email,
          recipientKind: command.recipientKind,
          ...(command.contactId === null ? {} : { contactId: command.contactId }),
          ...(command.message === null ? {} : { message: command.message }),
          ...(command.templateId === null ? {} : { templateId: command.templateId }),
          requestedBy: command.requestedBy,
        },
        origin,
      );
      const claim: InvitationSlot = {
        firmId: command.firmId,
        email: command.email,
        invitationId,
        clientId: command.clientId,
        recipientKind: command.recipientKind,
        contactId: command.contactId,
        requestedAt: now,
      };
      if (!command.sendAt) {
        if (await this.slots.claim(claim, slot?.invitationId, [requested])) return result(claim, 'pending', false);
        continue;
      }
      // Scheduled: the invitation is stored first (the consumer of its InvitationRequested then
      // finds it and issues nothing; the lifecycle scheduler sends it at sendAt), then the slot.
      const { firmId, clientId, email, recipientKind, contactId, message, templateId, requestedBy } = command;
      const scheduled = Invitation.schedule({
        id: invitationId,
        firmId,
        clientId,
        contactId,
        recipientKind,
        email,
        recipientName: command.recipientName ?? null,
        message,
        templateId,
        requestedBy,
        requestedAt: now,
        sendAt: command.sendAt,
      });
      await this.invitations.insertOnce(scheduled, []);
      if (await this.slots.claim(claim, slot?.invitationId, [requested])) return result(claim, 'scheduled', false);
      await this.invitations.discardScheduled(scheduled);
    }
    throw new Error(`The invitation slot of ${command.email} kept changing during ${MAX_ROUNDS} attempts to claim it`);
  }
}
