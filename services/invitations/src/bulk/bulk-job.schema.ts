import { outboxPlugin, type OutboxFields } from '@portico/outbox';
import { Schema } from 'mongoose';
import type { BulkSkips } from './domain/bulk-selection';

export const BULK_JOB_MODEL = 'BulkInviteJob';
export const BULK_CHUNK_MODEL = 'BulkInviteChunk';

/** A bulk invitation job. Its recipients live in its chunks; its outbox carries BulkInviteRequested and BulkInviteCompleted. */
export interface BulkJobDocument extends Partial<OutboxFields> {
  _id: string;
  firmId: string;
  /**
   * `JSON.stringify([firmId, Idempotency-Key])`, or `job:<id>` without the header: always set
   * and unique (LOCAL-DB: the local database enforces a partial unique index as a full one, so null
   * cannot mean "no key").
   */
  idempotencyKey: string;
  requestedBy: string;
  message: string | null;
  templateId: string | null;
  recipientCount: number;
  chunkCount: number;
  /** What the selection skipped when the job was created (not part of recipientCount). */
  skippedAtSelection: BulkSkips;
  status: 'running' | 'completed';
  cancelledAt: Date | null;
  cancelledBy: string | null;
  /** Chunks whose every recipient is settled (issued, skipped or cancelled). */
  settledChunks: number[];
  createdAt: Date;
  completedAt: Date | null;
  /** With a release interval: when the next waiting chunk is due (null: none due). */
  nextReleaseAt: Date | null;
  /** Correlation of the request, and the BulkInviteRequested id the InvitationRequested events are caused by. */
  correlationId: string;
  requestedEventId: string;
  /** Send later: no chunk is released (nothing is requested, nothing emailed) before it. */
  sendAt: Date | null;
  /** The counts of the last BulkInviteProgressed and when it was written; `progressSettled` after the last one. */
  progressCounts: string | null;
  progressAt: Date | null;
  progressSettled: boolean;
}

export interface BulkChunkRecipient {
  /** Assigned when the job is created: a redelivered request finds its own invitation and slot. */
  invitationId: string;
  clientId: string;
  displayName: string;
  email: string;
}

export type BulkSettleReason = 'alreadyInvitedPending' | 'cancelled';

/**
 * Up to BULK_CHUNK_SIZE recipients of a job. Released (waiting -> released) with one
 * InvitationRequested per recipient in its outbox, in one write; cancelled while waiting, never.
 */
export interface BulkChunkDocument extends Partial<OutboxFields> {
  _id: string;
  jobId: string;
  firmId: string;
  n: number;
  size: number;
  state: 'waiting' | 'released' | 'cancelled';
  recipients: BulkChunkRecipient[];
  /** Invitation ids whose outcome is known (issued, skipped or cancelled): each counted once. */
  settled: string[];
  /** The ones not issued, and why. */
  skips: { invitationId: string; reason: BulkSettleReason }[];
  releasedAt: Date | null;
}

export const BulkJobSchema = new Schema<BulkJobDocument>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    idempotencyKey: { type: String, required: true },
    requestedBy: { type: String, required: true },
    message: { type: String, default: null },
    templateId: { type: String, default: null },
    recipientCount: { type: Number, required: true },
    chunkCount: { type: Number, required: true },
    skippedAtSelection: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    cancelledAt: { type: Date, default: null },
    cancelledBy: { type: String, default: null },
    settledChunks: { type: [Number], default: [] },
    createdAt: { type: Date, required: true },
    completedAt: { type: Date, default: null },
    nextReleaseAt: { type: Date, default: null },
    correlationId: { type: String, required: true },
    requestedEventId: { type: String, required: true },
    sendAt: { type: Date, default: null },
    progressCounts: { type: String, default: null },
    progressAt: { type: Date, default: null },
    progressSettled: { type: Boolean, default: false },
  },
  { collection: 'bulk_invite_jobs', versionKey: false, minimize: false },
);
BulkJobSchema.plugin(outboxPlugin);
BulkJobSchema.index({ idempotencyKey: 1 }, { unique: true });
BulkJobSchema.index({ nextReleaseAt: 1 });
BulkJobSchema.index({ progressSettled: 1 });
// The running jobs, for the bulk metrics.
BulkJobSchema.index({ status: 1 });

export const BulkChunkSchema = new Schema<BulkChunkDocument>(
  {
    _id: { type: String, required: true },
    jobId: { type: String, required: true },
    firmId: { type: String, required: true },
    n: { type: Number, required: true },
    size: { type: Number, required: true },
    state: { type: String, required: true },
    recipients: {
      type: [new Schema<BulkChunkRecipient>({ invitationId: String, clientId: String, displayName: String, email: String }, { _id: false })],
      required: true,
    },
    settled: { type: [String], default: [] },
    skips: { type: [new Schema({ invitationId: String, reason: String }, { _id: false })], default: [] },
    releasedAt: { type: Date, default: null },
  },
  { collection: 'bulk_invite_chunks', versionKey: false },
);
BulkChunkSchema.plugin(outboxPlugin);
BulkChunkSchema.index({ jobId: 1, n: 1 });

export const chunkId = (jobId: string, n: number) => `${jobId}:${n}`;
