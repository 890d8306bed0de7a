import { outboxPlugin, type OutboxFields } from '@portico/outbox';
import { Schema } from 'mongoose';
import { RECIPIENT_KINDS, RecipientKind, STORED_STATUSES, StoredStatus } from '../domain/invitation';

export const INVITATION_MODEL = 'Invitation';

export interface InvitationDocument extends Partial<OutboxFields> {
  _id: string;
  firmId: string;
  clientId: string;
  contactId: string | null;
  recipientKind: RecipientKind;
  email: string;
  recipientName: string | null;
  message: string | null;
  templateId: string | null;
  requestedBy: string;
  tokenHash: string;
  expiresAt: Date;
  deliveryKey: string;
  status: StoredStatus;
  requestedAt: Date;
  issuedAt: Date;
  sentAt: Date | null;
  deliveryFailedAt: Date | null;
  deliveryFailureReason: string | null;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  jobId: string | null;
  reminderTokenHashes: string[];
  linksIssued: number;
  sendAt: Date | null;
  reminderDays: number[];
  remindersSent: number;
  nextReminderAt: Date | null;
  resentAt: Date[];
  selfServedAt: Date[];
  expiryAnnouncedAt: Date | null;
  revision: number;
  updatedAt: Date;
}

const optionalString = { type: String, default: null };
const optionalDate = { type: Date, default: null };

export const InvitationSchema = new Schema<InvitationDocument>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    clientId: { type: String, required: true },
    contactId: optionalString,
    recipientKind: { type: String, enum: RECIPIENT_KINDS, required: true },
    email: { type: String, required: true },
    recipientName: optionalString,
    message: optionalString,
    templateId: optionalString,
    requestedBy: { type: String, required: true },
    // Empty while scheduled (no link yet).
    tokenHash: { type: String, default: '' },
    reminderTokenHashes: { type: [String], default: [] },
    expiresAt: { type: Date, required: true },
    deliveryKey: { type: String, required: true },
    status: { type: String, enum: STORED_STATUSES, required: true },
    requestedAt: { type: Date, required: true },
    issuedAt: { type: Date, required: true },
    sentAt: optionalDate,
    deliveryFailedAt: optionalDate,
    deliveryFailureReason: optionalString,
    acceptedAt: optionalDate,
    acceptedBy: optionalString,
    revokedAt: optionalDate,
    revokedBy: optionalString,
    jobId: optionalString,
    linksIssued: { type: Number, default: 1 },
    sendAt: optionalDate,
    reminderDays: { type: [Number], default: [] },
    remindersSent: { type: Number, default: 0 },
    nextReminderAt: optionalDate,
    resentAt: { type: [Date], default: [] },
    selfServedAt: { type: [Date], default: [] },
    expiryAnnouncedAt: optionalDate,
    revision: { type: Number, default: 0 },
  },
  { collection: 'invitations', versionKey: false, timestamps: { createdAt: false, updatedAt: true } },
);

InvitationSchema.plugin(outboxPlugin);

// Staff list a client's invitations; every query filters by firm.
InvitationSchema.index({ firmId: 1, clientId: 1, _id: 1 });

// Progress and results of a bulk job read its invitations.
InvitationSchema.index({ firmId: 1, jobId: 1 });

// A self-serve re-issue finds the invitation of a link (the current one or a reminder's).
InvitationSchema.index({ tokenHash: 1 });
InvitationSchema.index({ reminderTokenHashes: 1 });

// The lifecycle scheduler's look-ups (expiry to announce, reminders due, scheduled sends).
InvitationSchema.index({ status: 1, expiresAt: 1 });
InvitationSchema.index({ nextReminderAt: 1 });
InvitationSchema.index({ status: 1, sendAt: 1 });
