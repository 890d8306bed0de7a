import { outboxPlugin, type OutboxFields } from '@portico/outbox';
import { Schema } from 'mongoose';
import { CLIENT_KINDS } from '../domain/client';

export const CLIENT_MODEL = 'Client';

export interface ClientDocument extends Partial<OutboxFields> {
  _id: string;
  firmId: string;
  kind: (typeof CLIENT_KINDS)[number];
  displayName: string;
  emails: string[];
  createdAt: Date;
  updatedAt: Date;
}

export const ClientSchema = new Schema<ClientDocument>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    kind: { type: String, enum: CLIENT_KINDS, required: true },
    displayName: { type: String, required: true },
    emails: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'clients', versionKey: false },
);

ClientSchema.plugin(outboxPlugin);

// Every query filters by firmId; listing pages through a firm by _id.
ClientSchema.index({ firmId: 1, _id: 1 });
