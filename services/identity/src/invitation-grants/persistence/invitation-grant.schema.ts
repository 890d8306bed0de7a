import { Schema } from 'mongoose';

export const INVITATION_GRANT_MODEL = 'InvitationGrant';

export interface InvitationGrantDocument {
  /** The invitation id: InvitationIssued and InvitationRevoked both name it. */
  _id: string;
  /** The current link's hash. Absent only on a revocation that arrived before its invitation (see applyRevoked). */
  tokenHash?: string;
  /** The reminder links sent since the current link: they work as long as it does. */
  reminderTokenHashes?: string[];
  firmId: string;
  clientId: string;
  contactId: string | null;
  /** Absent on a revocation that arrived before its invitation, like tokenHash. */
  recipientKind?: 'client' | 'contact' | 'extra';
  email: string;
  expiresAt?: Date;
  status: 'pending' | 'accepted' | 'revoked';
  revokedAt?: Date;
  acceptance: { claimId: string; claimedAt: Date; completedAt: Date | null } | null;
}

const AcceptanceSchema = new Schema(
  { claimId: { type: String, required: true }, claimedAt: { type: Date, required: true }, completedAt: { type: Date, default: null } },
  { _id: false },
);

export const InvitationGrantSchema = new Schema<InvitationGrantDocument>(
  {
    _id: { type: String, required: true },
    tokenHash: { type: String },
    reminderTokenHashes: { type: [String], default: undefined },
    firmId: { type: String, required: true },
    clientId: { type: String, required: true },
    contactId: { type: String, default: null },
    recipientKind: { type: String, enum: ['client', 'contact', 'extra'] },
    email: { type: String, required: true },
    expiresAt: { type: Date },
    status: { type: String, enum: ['pending', 'accepted', 'revoked'], required: true },
    revokedAt: { type: Date },
    acceptance: { type: AcceptanceSchema, default: null },
  },
  { collection: 'invitation_grants', versionKey: false, timestamps: true },
);

// Every link lookup is by token hash.
InvitationGrantSchema.index({ tokenHash: 1 }, { unique: true, sparse: true });
InvitationGrantSchema.index({ reminderTokenHashes: 1 });
