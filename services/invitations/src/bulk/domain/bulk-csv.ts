import { Email } from '@portico/contracts';

/** One usable row of an uploaded list: a client id or an email, with its line in the file (1-based). */
export type CsvRow = { line: number; clientId: string; email?: undefined } | { line: number; email: string; clientId?: undefined };

export interface BadCsvRow {
  line: number;
  reason: string;
}

export interface ParsedCsv {
  rows: CsvRow[];
  bad: BadCsvRow[];
}

const HEADER_NAMES: Record<string, 'clientId' | 'email'> = { clientid: 'clientId', client_id: 'clientId', 'client id': 'clientId', email: 'email' };

/** Splits one line into cells: commas separate, double quotes may wrap a cell (`""` is a quote). Undefined: unbalanced quotes. */
function cells(line: string): string[] | undefined {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      out.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  if (quoted) return undefined;
  out.push(cell.trim());
  return out;
}

/**
 * Reads an uploaded recipient list: one client id or email per row, with an optional header
 * (`clientId`, `email`, or both as `clientId,email`). Blank lines are not rows. Every other line
 * is either a row or a bad row with its line number and the reason: nothing is dropped silently.
 * Without a header a value containing `@` is an email, anything else a client id.
 */
export function parseRecipientCsv(text: string): ParsedCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rows: CsvRow[] = [];
  const bad: BadCsvRow[] = [];
  let columns: ('clientId' | 'email')[] | undefined;
  let first = true;
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const parsed = cells(raw);
    if (!parsed) return void bad.push({ line, reason: 'unbalanced double quotes' });
    if (first) {
      first = false;
      const names = parsed.map((cell) => HEADER_NAMES[cell.toLowerCase()]);
      if (names.every((name) => name !== undefined) && new Set(names).size === names.length) {
        columns = names as ('clientId' | 'email')[];
        return;
      }
    }
    const width = columns?.length ?? 1;
    if (parsed.length > width) return void bad.push({ line, reason: `expected ${width} column${width === 1 ? '' : 's'}, found ${parsed.length}` });
    let clientId: string | undefined;
    let email: string | undefined;
    if (columns) {
      columns.forEach((column, i) => {
        const value = parsed[i] ?? '';
        if (value === '') return;
        if (column === 'clientId') clientId = value;
        else email = value;
      });
    } else if (parsed[0]!.includes('@')) email = parsed[0];
    else clientId = parsed[0];
    if (clientId !== undefined) {
      if (clientId.length > 100) return void bad.push({ line, reason: 'client id longer than 100 characters' });
      return void rows.push({ line, clientId });
    }
    if (email === undefined) return void bad.push({ line, reason: 'neither a client id nor an email' });
    if (!Email.safeParse(email).success) return void bad.push({ line, reason: `malformed email "${email.slice(0, 100)}"` });
    rows.push({ line, email: email.toLowerCase() });
  });
  return { rows, bad };
}
