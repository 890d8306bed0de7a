import { Schema } from 'mongoose';

export const CLIENT_DIRECTORY_MODEL = 'ClientDirectoryEntry';

/** A person linked to a client (spouse, partner, employee...), as the clients service describes them. */
export interface ClientDirectoryContact {
  contactId: string;
  name: string;
  relationship: string;
  /** Null: the contact cannot be invited until the firm records an address. */
  email: string | null;
  active: boolean;
  billable: boolean;
}

/**
 * Invitations' own copy of what it needs to know about a firm's clients (who they are, which
 * emails are on file, their linked contacts), fed by the clients service's events: this
 * service never reads another service's database.
 */
export interface ClientDirectoryEntry {
  _id: string;
  firmId: string;
  kind: 'individual' | 'business';
  displayName: string;
  emails: string[];
  contacts: ClientDirectoryContact[];
  /** How many client events have been applied: a redelivered event must not count twice. */
  eventsApplied: number;
  /** Id of the last event applied. */
  lastEventId: string;
}

const ContactSchema = new Schema<ClientDirectoryContact>(
  {
    contactId: { type: String, required: true },
    name: { type: String, required: true },
    relationship: { type: String, required: true },
    email: { type: String, default: null },
    active: { type: Boolean, required: true },
    billable: { type: Boolean, required: true },
  },
  { _id: false },
);

export const ClientDirectorySchema = new Schema<ClientDirectoryEntry>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    kind: { type: String, required: true },
    displayName: { type: String, required: true },
    emails: { type: [String], default: [] },
    contacts: { type: [ContactSchema], default: [] },
    eventsApplied: { type: Number, default: 0 },
    lastEventId: { type: String, required: true },
  },
  { collection: 'client_directory', versionKey: false, timestamps: true },
);

ClientDirectorySchema.index({ firmId: 1, _id: 1 });
