import { Schema } from 'mongoose';

export const REFRESH_SESSION_MODEL = 'RefreshSession';

export interface RefreshSessionDocument {
  _id: string;
  familyId: string;
  userId: string;
  portal: { firmId: string; clientId: string } | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  accessTokenId?: string;
}

export const RefreshSessionSchema = new Schema<RefreshSessionDocument>(
  {
    _id: { type: String, required: true }, // the token's SHA-256
    familyId: { type: String, required: true, index: true },
    userId: { type: String, required: true },
    portal: { type: new Schema({ firmId: { type: String, required: true }, clientId: { type: String, required: true } }, { _id: false }), default: null },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    accessTokenId: { type: String, index: true },
  },
  { collection: 'refresh_sessions', versionKey: false },
);

// Housekeeping on real MongoDB; correctness never relies on it (queries check expiresAt).
RefreshSessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 7 * 24 * 3600 });
