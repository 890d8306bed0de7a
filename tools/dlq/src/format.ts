import type { DltPosition } from './args';
import type { Coordinates, DeadLetterView, DltRecord } from './records';

/** How `list` names a record, and what `show`/`replay` take: the offset alone on partition 0. */
export function positionLabel(position: DltPosition): string {
  return position.partition === 0 ? position.offset : `${position.partition}:${position.offset}`;
}

export const where = (c: Pick<Coordinates, 'topic' | 'partition' | 'offset'>): string => `${c.topic}[${c.partition}]@${c.offset}`;

/** One line, at most `max` characters (an ellipsis marks the cut). */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}

const REASON_WIDTH = 80;

function replayedLabel(view: DeadLetterView): string {
  const last = view.replays.at(-1);
  if (!last) return 'no';
  return view.replays.length === 1 ? last.replayedAt : `${last.replayedAt} (${view.replays.length}x)`;
}

function eventLabel(view: DeadLetterView): string {
  const { eventType, eventId } = view.letter;
  if (eventType === null && eventId === null) return '-';
  return `${eventType ?? '?'} ${eventId ?? '?'}`;
}

/** The table `list` prints: a header row, then a row per dead letter, columns padded to fit. */
export function listRows(views: readonly DeadLetterView[], unreadable: ReadonlyArray<Extract<DltRecord, { kind: 'unreadable' }>> = []): string[] {
  const rows: Array<{ sortKey: DltPosition; cells: string[] }> = [
    ...views.map((view) => ({
      sortKey: view.position,
      cells: [
        positionLabel(view.position),
        view.letter.failedAt,
        where(view.letter),
        eventLabel(view),
        String(view.letter.attempts),
        replayedLabel(view),
        oneLine(view.letter.reason, REASON_WIDTH),
      ],
    })),
    ...unreadable.map((record) => ({
      sortKey: record.position,
      cells: [positionLabel(record.position), '-', '-', '-', '-', '-', oneLine(`unreadable record: ${record.problem}`, REASON_WIDTH)],
    })),
  ].sort((a, b) => comparePositions(a.sortKey, b.sortKey));
  const header = ['OFFSET', 'FAILED AT', 'ORIGINAL', 'EVENT', 'ATTEMPTS', 'REPLAYED', 'REASON'];
  const table = [header, ...rows.map((row) => row.cells)];
  const widths = header.map((_, column) => Math.max(...table.map((cells) => cells[column]!.length)));
  return table.map((cells) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function comparePositions(a: DltPosition, b: DltPosition): number {
  if (a.partition !== b.partition) return a.partition - b.partition;
  const diff = BigInt(a.offset) - BigInt(b.offset);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The last line of `list`. */
export function listSummary(dltTopic: string, all: readonly DeadLetterView[], shown: number, unreadable: number): string {
  const replayed = all.filter((view) => view.replays.length > 0).length;
  const parts = [`${plural(all.length, 'dead letter')} in ${dltTopic} (${replayed} replayed, ${all.length - replayed} not replayed)`];
  if (unreadable > 0) parts.push(`${plural(unreadable, 'unreadable record')}`);
  if (shown !== all.length) parts.push(`${shown} shown`);
  return parts.join('; ');
}

/** The original value: parsed when it is JSON, else the text itself. */
export function parsedValue(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** `show`'s text: the whole record, labelled, the value pretty-printed. */
export function showText(dltTopic: string, view: DeadLetterView): string[] {
  const { letter } = view;
  const lines = [
    `dead letter ${positionLabel(view.position)} of ${dltTopic} (partition ${view.position.partition}, offset ${view.position.offset})`,
    `  service     ${letter.service} (consumer group ${letter.groupId})`,
    `  original    ${where(letter)}`,
    `  key         ${letter.key ?? '(none)'}`,
    `  event       ${eventLabel(view)}`,
    `  failed at   ${letter.failedAt}`,
    `  attempts    ${letter.attempts}`,
    ...letter.reason.split('\n').map((line, n) => `${n === 0 ? '  reason      ' : '              '}${line}`),
  ];
  if (view.replays.length === 0) lines.push('  replayed    no');
  for (const [n, replay] of view.replays.entries()) {
    lines.push(`  ${n === 0 ? 'replayed   ' : '           '} ${replay.replayedAt} -> ${where(replay.republished)} (recorded at offset ${replay.markerOffset})`);
  }
  const headers = Object.entries(letter.headers);
  lines.push(`  headers${headers.length === 0 ? '     (none)' : ''}`);
  for (const [name, value] of headers) lines.push(`    ${name}: ${value}`);
  const value = parsedValue(letter.value);
  lines.push(`  value${letter.value === null ? '       (none)' : typeof value === 'string' ? ' (not JSON)' : ''}`);
  if (letter.value !== null) {
    const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    lines.push(...text.split('\n').map((line) => `    ${line}`));
  }
  return lines;
}

/** A dead letter as `list --json` and `show --json` print it. */
export function viewJson(dltTopic: string, view: DeadLetterView, parseValue = false): Record<string, unknown> {
  return {
    topic: dltTopic,
    partition: view.position.partition,
    offset: view.position.offset,
    deadLetter: parseValue ? { ...view.letter, value: parsedValue(view.letter.value) } : view.letter,
    replays: view.replays.map((replay) => ({ replayedAt: replay.replayedAt, republished: replay.republished, markerOffset: replay.markerOffset })),
  };
}

/** A line of `replay`'s report. */
export function replayLine(verb: string, view: DeadLetterView, target: string): string {
  return `${verb} ${positionLabel(view.position)}  ${eventLabel(view)}  ${where(view.letter)} -> ${target}`;
}

export { plural };
