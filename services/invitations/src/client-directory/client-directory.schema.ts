import { Schema } from 'mongoose';

export const CLIENT_DIRECTORY_MODEL = 'ClientDirectoryEntry';

/**
 * Invitations' own copy of what it needs to know about a firm's clients (who they are, which
 * emails are on file), fed by the clients service's events: this service never reads
 * another service's database.
 */
export interface ClientDirectoryEntry {
  _id: string;
  firmId: string;
  kind: 'individual' | 'business';
  displayName: string;
  emails: string[];
  /** How many client events have been applied: a redelivered event must not count twice. */
  eventsApplied: number;
  /** Id of the last event applied. */
  lastEventId: string;
}

export const ClientDirectorySchema = new Schema<ClientDirectoryEntry>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    kind: { type: String, required: true },
    displayName: { type: String, required: true },
    emails: { type: [String], default: [] },
    eventsApplied: { type: Number, default: 0 },
    lastEventId: { type: String, required: true },
  },
  { collection: 'client_directory', versionKey: false, timestamps: true },
);

ClientDirectorySchema.index({ firmId: 1, _id: 1 });
