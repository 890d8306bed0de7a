import { countRows, progressCounts, recipientRows, resultsCsv } from './bulk-progress';

const r = (invitationId: string) => ({
  invitationId,
  clientId: `c-${invitationId}`,
  displayName: `Name ${invitationId}`,
  email: `${invitationId}@example.com`,
});

describe('bulk progress', () => {
  it('gives each recipient one status, from its invitation, its skip or its chunk', () => {
    const chunks = [
      { state: 'released' as const, recipients: [r('a'), r('b'), r('c'), r('d')], skips: [{ invitationId: 'c', reason: 'alreadyInvitedPending' as const }] },
      { state: 'cancelled' as const, recipients: [r('e')], skips: [] },
      { state: 'waiting' as const, recipients: [r('f')], skips: [] },
    ];
    const invitations = [
      { id: 'a', status: 'sent' as const, deliveryFailureReason: null },
      { id: 'b', status: 'delivery_failed' as const, deliveryFailureReason: '550 no such user' },
    ];
    const rows = recipientRows({ cancelledAt: null }, chunks, invitations);
    expect(rows.map((row) => [row.invitationId, row.status])).toEqual([
      ['a', 'sent'],
      ['b', 'delivery_failed'],
      ['c', 'skipped'],
      ['d', 'queued'],
      ['e', 'cancelled'],
      ['f', 'queued'],
    ]);
    expect(countRows(rows)).toEqual({ total: 6, queued: 2, sent: 1, deliveryFailed: 1, accepted: 0, revoked: 0, expired: 0, skipped: 1, cancelled: 1 });
    // Once the job is cancelled, a chunk still waiting will never be released.
    expect(recipientRows({ cancelledAt: new Date() }, chunks, invitations)[5]!.status).toBe('cancelled');
  });

  it('writes the results as CSV, quoting what a spreadsheet would misread', () => {
    const csv = resultsCsv([
      { invitationId: 'i-1', clientId: 'c-1', displayName: 'Doe, Jane', email: 'j@example.com', status: 'delivery_failed', reason: '=HYPERLINK("x")' },
    ]);
    expect(csv).toBe('clientId,displayName,email,invitationId,status,reason\r\nc-1,"Doe, Jane",j@example.com,i-1,delivery_failed,"\'=HYPERLINK(""x"")"\r\n');
  });
});

describe('BulkInviteProgressed counts', () => {
  it('count accepted, revoked and expired recipients as sent (past the email stage), so they add up to total', () => {
    const counts = { total: 10, queued: 1, sent: 2, deliveryFailed: 1, accepted: 2, revoked: 1, expired: 1, skipped: 1, cancelled: 1 };
    const progress = progressCounts(counts);
    expect(progress).toEqual({ total: 10, queued: 1, sent: 6, deliveryFailed: 1, skipped: 1, cancelled: 1 });
    expect(progress.queued + progress.sent + progress.deliveryFailed + progress.skipped + progress.cancelled).toBe(progress.total);
  });
});
