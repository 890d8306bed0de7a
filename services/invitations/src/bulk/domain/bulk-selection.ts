import { parseRecipientCsv, type BadCsvRow } from './bulk-csv';

/** Recipients one job invites; clients skipped (no email, already a portal...) do not count. */
export const MAX_BULK_RECIPIENTS = 10_000;
/** Rows or ids one request may name, skipped ones included (a bound on the work a request asks for). */
export const MAX_BULK_SELECTION = 2 * MAX_BULK_RECIPIENTS;
export const PREVIEW_SAMPLE_SIZE = 20;

export const PORTAL_STATUSES = ['none', 'invited', 'has_portal'] as const;
export type PortalStatus = (typeof PORTAL_STATUSES)[number];

/** The client-list filters: every one given must match. */
export interface BulkFilters {
  portalStatus?: PortalStatus;
  hasEmail?: boolean;
  /** Case-insensitive substring of the name or of an email on file. */
  q?: string;
}

export type BulkSelection = { kind: 'filters'; filters: BulkFilters } | { kind: 'clientIds'; clientIds: readonly string[] } | { kind: 'csv'; text: string };

export interface SelectableClient {
  clientId: string;
  displayName: string;
  emails: readonly string[];
}

/** What the selection needs to know about the firm's invitations. */
export interface PortalFacts {
  /** From the client's own invitations (recipientKind client): accepted -> has_portal, open -> invited. */
  portalStatus(clientId: string): PortalStatus;
  /** The address holds its (firm, email) slot: an open invitation, or one requested and not issued yet. */
  emailHeld(email: string): boolean;
}

export interface BulkRecipient {
  clientId: string;
  displayName: string;
  /** Lower-cased. */
  email: string;
}

export interface BulkSkips {
  noEmail: number;
  alreadyHasPortal: number;
  alreadyInvitedPending: number;
  unknownClient: number;
  /** The same client (or the same address) selected twice: invited once. */
  duplicate: number;
  badCsvRow: BadCsvRow[];
}

export type BulkSelectionOutcome =
  | { kind: 'selected'; recipients: BulkRecipient[]; skipped: BulkSkips }
  /** More than MAX_BULK_RECIPIENTS recipients, or more than MAX_BULK_SELECTION rows or ids. */
  | { kind: 'tooMany'; selected: number };

const normalize = (email: string) => email.trim().toLowerCase();

export function matchesFilters(client: SelectableClient, filters: BulkFilters, facts: PortalFacts): boolean {
  if (filters.hasEmail !== undefined && client.emails.length > 0 !== filters.hasEmail) return false;
  if (filters.portalStatus !== undefined && facts.portalStatus(client.clientId) !== filters.portalStatus) return false;
  const q = filters.q?.trim().toLowerCase();
  if (q && !client.displayName.toLowerCase().includes(q) && !client.emails.some((email) => email.toLowerCase().includes(q))) return false;
  return true;
}

/**
 * Turns a bulk selection into recipients, one per client: the address named in the CSV row, or
 * else the client's first email on file. Each selected client is either a recipient or counted
 * under exactly one skip reason (checked in the order of the `BulkSkips` fields), so
 * willInvite + all skips = what was selected.
 */
export function selectBulkRecipients(clients: readonly SelectableClient[], facts: PortalFacts, selection: BulkSelection): BulkSelectionOutcome {
  const skipped: BulkSkips = { noEmail: 0, alreadyHasPortal: 0, alreadyInvitedPending: 0, unknownClient: 0, duplicate: 0, badCsvRow: [] };
  // Each picked client with the address the row named (undefined: the first on file); null = unknown.
  let picks: ({ client: SelectableClient; email?: string } | null)[];
  if (selection.kind === 'filters') {
    picks = clients.filter((client) => matchesFilters(client, selection.filters, facts)).map((client) => ({ client }));
  } else {
    const byId = new Map(clients.map((client) => [client.clientId, client]));
    if (selection.kind === 'clientIds') {
      picks = selection.clientIds.map((clientId) => (byId.has(clientId) ? { client: byId.get(clientId)! } : null));
    } else {
      const parsed = parseRecipientCsv(selection.text);
      skipped.badCsvRow = parsed.bad;
      const byEmail = new Map<string, SelectableClient>();
      for (const client of clients) for (const email of client.emails) if (!byEmail.has(normalize(email))) byEmail.set(normalize(email), client);
      picks = parsed.rows.map((row) => {
        if (row.clientId !== undefined) return byId.has(row.clientId) ? { client: byId.get(row.clientId)! } : null;
        const client = byEmail.get(row.email);
        return client ? { client, email: row.email } : null;
      });
    }
  }
  if (selection.kind !== 'filters' && picks.length > MAX_BULK_SELECTION) return { kind: 'tooMany', selected: picks.length };

  const recipients: BulkRecipient[] = [];
  const seenClients = new Set<string>();
  const seenEmails = new Set<string>();
  for (const pick of picks) {
    if (!pick) {
      skipped.unknownClient++;
      continue;
    }
    const { client } = pick;
    const email = pick.email ?? (client.emails[0] === undefined ? undefined : normalize(client.emails[0]));
    if (seenClients.has(client.clientId) || (email !== undefined && seenEmails.has(email))) {
      skipped.duplicate++;
      continue;
    }
    seenClients.add(client.clientId);
    if (email === undefined) skipped.noEmail++;
    else if (facts.portalStatus(client.clientId) === 'has_portal') skipped.alreadyHasPortal++;
    else if (facts.portalStatus(client.clientId) === 'invited' || facts.emailHeld(email)) skipped.alreadyInvitedPending++;
    else {
      seenEmails.add(email);
      recipients.push({ clientId: client.clientId, displayName: client.displayName, email });
    }
  }
  if (recipients.length > MAX_BULK_RECIPIENTS) return { kind: 'tooMany', selected: recipients.length };
  return { kind: 'selected', recipients, skipped };
}

/**
 * The job's idempotency key as stored (unique index): scoped to the firm, so two firms using the
 * same key never meet. Undefined when the header is malformed.
 */
export function idempotencyKeyOf(firmId: string, header: string): string | undefined {
  const key = header.trim();
  if (key.length === 0 || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) return undefined;
  return JSON.stringify([firmId, key]);
}
