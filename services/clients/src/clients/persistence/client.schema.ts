import { outboxPlugin, type OutboxFields } from '@portico/outbox';
import { Schema } from 'mongoose';
import { CLIENT_KINDS, ClientKind } from '../domain/client';
import { PORTAL_STATUSES, PortalStatus } from '../domain/portal-access';

export const CLIENT_MODEL = 'Client';

export interface PortalAccessDocument {
  status: PortalStatus;
  invitedAt: Date | null;
  accessGrantedAt: Date | null;
  lastLoginAt: Date | null;
  userIds: string[];
}

export interface ContactDocument {
  contactId: string;
  name: string;
  relationship: string;
  email: string | null;
  active: boolean;
  billable: boolean;
  portal: PortalAccessDocument;
}

export interface ClientDocument extends Partial<OutboxFields> {
  _id: string;
  firmId: string;
  kind: ClientKind;
  displayName: string;
  emails: string[];
  contacts: ContactDocument[];
  portal: PortalAccessDocument;
  revision: number;
  /** Derived from `emails`, stored so the "has email" filter is an index lookup. */
  hasEmail: boolean;
  /** Derived: lower-cased display name and emails, what the search text is matched against. */
  searchTerms: string[];
  createdAt: Date;
  updatedAt: Date;
}

const PortalAccessSchema = new Schema<PortalAccessDocument>(
  {
    status: { type: String, enum: PORTAL_STATUSES, required: true },
    invitedAt: { type: Date, default: null },
    accessGrantedAt: { type: Date, default: null },
    lastLoginAt: { type: Date, default: null },
    userIds: { type: [String], default: [] },
  },
  { _id: false },
);

const ContactSchema = new Schema<ContactDocument>(
  {
    contactId: { type: String, required: true },
    name: { type: String, required: true },
    relationship: { type: String, required: true },
    email: { type: String, default: null },
    active: { type: Boolean, required: true },
    billable: { type: Boolean, required: true },
    portal: { type: PortalAccessSchema, required: true },
  },
  { _id: false },
);

export const ClientSchema = new Schema<ClientDocument>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    kind: { type: String, enum: CLIENT_KINDS, required: true },
    displayName: { type: String, required: true },
    emails: { type: [String], default: [] },
    contacts: { type: [ContactSchema], default: [] },
    portal: { type: PortalAccessSchema, required: true },
    revision: { type: Number, required: true },
    hasEmail: { type: Boolean, required: true },
    searchTerms: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'clients', versionKey: false },
);

ClientSchema.plugin(outboxPlugin);

// Every query filters by firmId, and a page is a run of _id after the cursor. Each filter gets
// an index with its field between the two, so a filtered page is read in _id order and the
// scan stops after one page; a combination of filters walks one of them and checks the other.
// The search text (an unanchored substring) cannot use index bounds: it walks the firm's _id
// index and likewise stops after one page of matches.
ClientSchema.index({ firmId: 1, _id: 1 });
ClientSchema.index({ firmId: 1, 'portal.status': 1, _id: 1 });
ClientSchema.index({ firmId: 1, hasEmail: 1, _id: 1 });
// A login event names only the user: these find the people that login belongs to.
ClientSchema.index({ 'portal.userIds': 1 });
ClientSchema.index({ 'contacts.portal.userIds': 1 });
