import { Schema } from 'mongoose';

export const FIRM_MODEL = 'FirmDirectoryEntry';

/**
 * A firm as invitations knows it: its name (from identity's FirmRegistered, for the email)
 * and its invitation settings (owned here). Either part may arrive first, so both are
 * written by upserts that touch only their own fields.
 */
export interface FirmDocument {
  _id: string;
  /** Absent until FirmRegistered has been applied. */
  name?: string;
  expiryDays?: number;
  resendsPerDay?: number;
  reminderDays?: number[];
  createdAt: Date;
  updatedAt: Date;
}

export const FirmSchema = new Schema<FirmDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String },
    expiryDays: { type: Number },
    resendsPerDay: { type: Number },
    // No default: absent means "the default schedule", [] means "no reminders".
    reminderDays: { type: [Number], default: undefined },
  },
  { collection: 'firm_directory', versionKey: false, timestamps: true },
);
