import { idempotencyKeyOf, MAX_BULK_RECIPIENTS, MAX_BULK_SELECTION, PortalFacts, PortalStatus, selectBulkRecipients, SelectableClient } from './bulk-selection';

const clients: SelectableClient[] = [
  { clientId: 'c-1', displayName: 'Ann Able', emails: ['Ann@Example.com', 'ann.work@example.com'] },
  { clientId: 'c-2', displayName: 'Bob Baker', emails: [] },
  { clientId: 'c-3', displayName: 'Cat Cole', emails: ['cat@example.com'] },
  { clientId: 'c-4', displayName: 'Dan Dunn', emails: ['dan@example.com'] },
  { clientId: 'c-5', displayName: 'Eve Ellis', emails: ['eve@example.com'] },
  // Shares Ann's address.
  { clientId: 'c-6', displayName: 'Ann Able LLC', emails: ['ann@example.com'] },
];
const status: Record<string, PortalStatus> = { 'c-3': 'has_portal', 'c-4': 'invited' };
const facts: PortalFacts = { portalStatus: (id) => status[id] ?? 'none', emailHeld: (email) => email === 'eve@example.com' };

describe('selectBulkRecipients', () => {
  it('counts every selected client as a recipient or under exactly one skip reason', () => {
    const outcome = selectBulkRecipients(clients, facts, { kind: 'filters', filters: {} });
    expect(outcome).toEqual({
      kind: 'selected',
      recipients: [{ clientId: 'c-1', displayName: 'Ann Able', email: 'ann@example.com' }],
      skipped: { noEmail: 1, alreadyHasPortal: 1, alreadyInvitedPending: 2, unknownClient: 0, duplicate: 1, badCsvRow: [] },
    });
  });

  it('applies the client-list filters before the skips', () => {
    const pick = (filters: object) => selectBulkRecipients(clients, facts, { kind: 'filters', filters });
    expect(pick({ portalStatus: 'none', hasEmail: true })).toMatchObject({
      recipients: [{ clientId: 'c-1' }],
      skipped: { alreadyInvitedPending: 1, duplicate: 1, noEmail: 0 },
    });
    expect(pick({ hasEmail: false })).toMatchObject({ recipients: [], skipped: { noEmail: 1 } });
    expect(pick({ q: 'LLC' })).toMatchObject({ recipients: [{ clientId: 'c-6', email: 'ann@example.com' }], skipped: { duplicate: 0 } });
    expect(pick({ q: 'ann.work' })).toMatchObject({ recipients: [{ clientId: 'c-1' }] });
    expect(pick({ portalStatus: 'has_portal' })).toMatchObject({ recipients: [], skipped: { alreadyHasPortal: 1 } });
  });

  it('reports unknown and repeated client ids', () => {
    expect(selectBulkRecipients(clients, facts, { kind: 'clientIds', clientIds: ['c-1', 'nope', 'c-1', 'c-2'] })).toMatchObject({
      recipients: [{ clientId: 'c-1' }],
      skipped: { unknownClient: 1, duplicate: 1, noEmail: 1 },
    });
  });

  it('reads a CSV of ids and emails: the address named in a row is the one invited', () => {
    const outcome = selectBulkRecipients(clients, facts, { kind: 'csv', text: 'email\nann.work@example.com\nnobody@example.com\nnot-an-email\n' });
    expect(outcome).toEqual({
      kind: 'selected',
      recipients: [{ clientId: 'c-1', displayName: 'Ann Able', email: 'ann.work@example.com' }],
      skipped: {
        noEmail: 0,
        alreadyHasPortal: 0,
        alreadyInvitedPending: 0,
        unknownClient: 1,
        duplicate: 0,
        badCsvRow: [{ line: 4, reason: 'malformed email "not-an-email"' }],
      },
    });
  });

  it(`invites at most ${MAX_BULK_RECIPIENTS} per job; skipped clients do not count`, () => {
    const many = Array.from({ length: MAX_BULK_RECIPIENTS + 1 }, (_, i): SelectableClient => ({
      clientId: `m-${i}`,
      displayName: `M ${i}`,
      emails: [`m${i}@example.com`],
    }));
    const withoutEmail = Array.from({ length: 500 }, (_, i): SelectableClient => ({ clientId: `n-${i}`, displayName: `N ${i}`, emails: [] }));
    const all = { kind: 'filters' as const, filters: {} };
    expect(selectBulkRecipients([...many, ...withoutEmail], facts, all)).toEqual({ kind: 'tooMany', selected: MAX_BULK_RECIPIENTS + 1 });
    const fits = selectBulkRecipients([...many.slice(1), ...withoutEmail], facts, all);
    expect(fits.kind === 'selected' && [fits.recipients.length, fits.skipped.noEmail]).toEqual([MAX_BULK_RECIPIENTS, 500]);
  });

  it(`refuses more than ${MAX_BULK_SELECTION} ids or rows, skipped ones included`, () => {
    const ids = Array.from({ length: MAX_BULK_SELECTION + 1 }, (_, i) => `c-${i}`);
    expect(selectBulkRecipients(clients, facts, { kind: 'clientIds', clientIds: ids })).toEqual({ kind: 'tooMany', selected: MAX_BULK_SELECTION + 1 });
    expect(selectBulkRecipients(clients, facts, { kind: 'clientIds', clientIds: ids.slice(1) }).kind).toBe('selected');
  });
});

describe('idempotencyKeyOf', () => {
  it('scopes the key to the firm', () => {
    expect(idempotencyKeyOf('firm-1', ' key-1 ')).toBe(idempotencyKeyOf('firm-1', 'key-1'));
    expect(idempotencyKeyOf('firm-1', 'key-1')).not.toBe(idempotencyKeyOf('firm-2', 'key-1'));
    // No separator trick makes two (firm, key) pairs collide.
    expect(idempotencyKeyOf('a', 'b:c')).not.toBe(idempotencyKeyOf('a:b', 'c'));
  });

  it('refuses an empty, overlong or non-printable key', () => {
    for (const key of ['', '   ', 'x'.repeat(201), 'a b', 'é']) expect(idempotencyKeyOf('firm-1', key)).toBeUndefined();
    expect(idempotencyKeyOf('firm-1', 'x'.repeat(200))).toBeDefined();
  });
});
