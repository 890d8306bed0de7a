import type { InvitationStatus } from '../invitations/domain/invitation';
import type { BulkChunkDocument, BulkJobDocument, BulkSettleReason } from './bulk-job.schema';

/** Where one recipient of a job stands. */
export type BulkRecipientStatus = 'queued' | 'sent' | 'delivery_failed' | 'accepted' | 'revoked' | 'expired' | 'skipped' | 'cancelled';

export interface BulkRecipientRow {
  invitationId: string;
  clientId: string;
  displayName: string;
  email: string;
  status: BulkRecipientStatus;
  /** Why a recipient was skipped or failed; empty otherwise. */
  reason: string;
}

export interface BulkCounts {
  total: number;
  /** Not issued yet, or issued and its email not reported sent or failed yet. */
  queued: number;
  sent: number;
  deliveryFailed: number;
  accepted: number;
  revoked: number;
  expired: number;
  skipped: number;
  cancelled: number;
}

export interface InvitationOfJob {
  id: string;
  status: InvitationStatus;
  deliveryFailureReason: string | null;
}

const SKIP_REASONS: Record<BulkSettleReason, string> = {
  alreadyInvitedPending: 'already invited (an open invitation was made meanwhile)',
  cancelled: 'job cancelled before the invitation was issued',
};

/**
 * Each recipient's status, read from the documents themselves (the job's chunks and the
 * invitations carrying the job id), never from counters: redelivered events cannot make it
 * count twice, and it is right at any moment while the job runs.
 */
export function recipientRows(
  job: Pick<BulkJobDocument, 'cancelledAt'>,
  chunks: readonly Pick<BulkChunkDocument, 'state' | 'recipients' | 'skips'>[],
  invitations: readonly InvitationOfJob[],
): BulkRecipientRow[] {
  const byId = new Map(invitations.map((invitation) => [invitation.id, invitation]));
  const rows: BulkRecipientRow[] = [];
  for (const chunk of chunks) {
    const skips = new Map(chunk.skips.map((skip) => [skip.invitationId, skip.reason]));
    for (const { invitationId, clientId, displayName, email } of chunk.recipients) {
      const invitation = byId.get(invitationId);
      const skip = skips.get(invitationId);
      let status: BulkRecipientStatus;
      let reason = '';
      if (invitation) {
        status = invitation.status === 'pending' || invitation.status === 'scheduled' ? 'queued' : invitation.status;
        reason = invitation.status === 'delivery_failed' ? (invitation.deliveryFailureReason ?? '') : '';
      } else if (skip) {
        status = skip === 'cancelled' ? 'cancelled' : 'skipped';
        reason = SKIP_REASONS[skip];
      } else if (chunk.state === 'cancelled' || (job.cancelledAt && chunk.state === 'waiting')) {
        status = 'cancelled';
        reason = SKIP_REASONS.cancelled;
      } else status = 'queued';
      rows.push({ invitationId, clientId, displayName, email, status, reason });
    }
  }
  return rows;
}

export function countRows(rows: readonly BulkRecipientRow[]): BulkCounts {
  const counts: BulkCounts = { total: rows.length, queued: 0, sent: 0, deliveryFailed: 0, accepted: 0, revoked: 0, expired: 0, skipped: 0, cancelled: 0 };
  const key: Record<BulkRecipientStatus, Exclude<keyof BulkCounts, 'total'>> = {
    queued: 'queued',
    sent: 'sent',
    delivery_failed: 'deliveryFailed',
    accepted: 'accepted',
    revoked: 'revoked',
    expired: 'expired',
    skipped: 'skipped',
    cancelled: 'cancelled',
  };
  for (const row of rows) counts[key[row.status]]++;
  return counts;
}

const csvCell = (value: string) =>
  /[",\r\n]/.test(value) || /^[=+\-@]/.test(value) ? `"${(/^[=+\-@]/.test(value) ? `'${value}` : value).replace(/"/g, '""')}"` : value;

/** The per-recipient results file. Cells that a spreadsheet would run as a formula are quoted with a leading `'`. */
export function resultsCsv(rows: readonly BulkRecipientRow[]): string {
  const lines = ['clientId,displayName,email,invitationId,status,reason'];
  for (const row of rows) lines.push([row.clientId, row.displayName, row.email, row.invitationId, row.status, row.reason].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** BulkInviteProgressed's counts: the recipients past the email stage (accepted, revoked, expired) count as sent, so they add up to total. */
export function progressCounts(counts: BulkCounts): {
  total: number;
  queued: number;
  sent: number;
  deliveryFailed: number;
  skipped: number;
  cancelled: number;
} {
  const { total, queued, sent, deliveryFailed, accepted, revoked, expired, skipped, cancelled } = counts;
  return { total, queued, sent: sent + accepted + revoked + expired, deliveryFailed, skipped, cancelled };
}
