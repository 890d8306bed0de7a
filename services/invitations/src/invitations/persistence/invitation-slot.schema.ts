import { outboxPlugin, type OutboxFields } from '@portico/outbox';
import { Schema } from 'mongoose';
import { RECIPIENT_KINDS, RecipientKind } from '../domain/invitation';

export const INVITATION_SLOT_MODEL = 'InvitationSlot';

/** `_id` is `slotKey(firmId, email)`: the primary key is what makes a (firm, email) pair unique. */
export interface InvitationSlotDocument extends Partial<OutboxFields> {
  _id: string;
  firmId: string;
  email: string;
  invitationId: string;
  clientId: string;
  recipientKind: RecipientKind;
  contactId: string | null;
  requestedAt: Date;
  reservedUntil?: Date | null;
}

export const InvitationSlotSchema = new Schema<InvitationSlotDocument>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    email: { type: String, required: true },
    invitationId: { type: String, required: true },
    clientId: { type: String, required: true },
    recipientKind: { type: String, enum: RECIPIENT_KINDS, required: true },
    contactId: { type: String, default: null },
    requestedAt: { type: Date, required: true },
    reservedUntil: { type: Date, default: null },
  },
  { collection: 'invitation_slots', versionKey: false },
);

// The slot carries the InvitationRequested events of its claims (outbox).
InvitationSlotSchema.plugin(outboxPlugin);

// A bulk selection reads the firm's slots at once.
InvitationSlotSchema.index({ firmId: 1 });
