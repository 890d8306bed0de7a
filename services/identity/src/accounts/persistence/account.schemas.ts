import { outboxPlugin, type OutboxFields } from '@portico/outbox';
import { Schema } from 'mongoose';

export const FIRM_MODEL = 'Firm';
export const USER_MODEL = 'User';

export interface FirmDocument {
  _id: string;
  name: string;
  createdAt: Date;
}

export interface PortalMembershipDocument {
  firmId: string;
  clientId: string;
  contactId: string | null;
  invitationId: string;
  grantedAt: Date;
}

export interface UserDocument extends Partial<OutboxFields> {
  _id: string;
  role: 'staff' | 'client';
  /** Staff only. */
  firmId?: string;
  /** Staff: from signup; clients: set in User Settings (absent until then). */
  name?: string;
  email: string;
  passwordHash: string;
  createdAt: Date;
  portals: PortalMembershipDocument[];
  acceptedInvitationIds: string[];
  version: number;
  lastLoginAt?: Date;
  sessionCutoff?: { at: Date; keptFamilyId: string | null };
}

export const FirmSchema = new Schema<FirmDocument>(
  { _id: { type: String, required: true }, name: { type: String, required: true }, createdAt: { type: Date, required: true } },
  { collection: 'firms', versionKey: false },
);

const PortalMembershipSchema = new Schema<PortalMembershipDocument>(
  {
    firmId: { type: String, required: true },
    clientId: { type: String, required: true },
    contactId: { type: String, default: null },
    invitationId: { type: String, required: true },
    grantedAt: { type: Date, required: true },
  },
  { _id: false },
);

export const UserSchema = new Schema<UserDocument>(
  {
    _id: { type: String, required: true },
    role: { type: String, enum: ['staff', 'client'], required: true },
    firmId: { type: String, index: true },
    name: { type: String },
    email: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    portals: { type: [PortalMembershipSchema], default: [] },
    acceptedInvitationIds: { type: [String], default: [] },
    version: { type: Number, required: true, default: 0 },
    lastLoginAt: { type: Date },
    sessionCutoff: { type: new Schema({ at: { type: Date, required: true }, keptFamilyId: { type: String, default: null } }, { _id: false }) },
  },
  { collection: 'users', versionKey: false },
);

// FirmRegistered, AccountCreated, PortalAccessGranted and UserLoggedIn all describe a change
// of a login, so they travel in the user document's outbox.
UserSchema.plugin(outboxPlugin);
