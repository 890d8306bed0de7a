import { DEAD_LETTER_HEADER_PREFIX, ReplayHeaders, type DeadLetter } from '@portico/messaging';
import { z } from 'zod';
import type { DltPosition } from './args';

/** Where a Kafka record is. */
export interface Coordinates {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * What `replay` writes to the dead-letter topic after republishing a dead letter: the topic
 * then says itself which of its dead letters were replayed, when and where to. Keyed by
 * `replayOf` as `<topic>:<partition>:<offset>` (the value of the replay's
 * portico-replayed-from header), told apart from dead letters by its `portico-dlq-record` header.
 */
export interface ReplayMarker {
  kind: typeof REPLAY_MARKER_KIND;
  /** The dead letter replayed. */
  replayOf: Coordinates;
  /** Where the consumer had read the original message. */
  original: Coordinates;
  /** The republished message. */
  republished: Coordinates;
  replayedAt: string;
  eventId: string | null;
  eventType: string | null;
}

export const REPLAY_MARKER_KIND = 'portico.dlq.replayed';
/** Header of the records `replay` writes to a dead-letter topic; dead letters never carry it. */
export const DLQ_RECORD_HEADER = 'portico-dlq-record';
export const REPLAY_MARKER_RECORD = 'replay-marker';

export type DltRecord =
  | { kind: 'dead-letter'; position: DltPosition; letter: DeadLetter }
  | { kind: 'replay'; position: DltPosition; marker: ReplayMarker }
  /** Neither: not JSON, or not the shape of a dead letter (written by something else). */
  | { kind: 'unreadable'; position: DltPosition; problem: string };

/** A dead letter and the replays recorded for it, oldest first. */
export interface DeadLetterView {
  position: DltPosition;
  letter: DeadLetter;
  replays: Array<ReplayMarker & { markerOffset: string }>;
}

const offset = z.string().regex(/^\d+$/, 'must be a decimal offset');
const coordinates = z.object({ topic: z.string().min(1), partition: z.number().int().min(0), offset });
const nullableString = z.string().nullable();

const deadLetterSchema = z.object({
  service: z.string(),
  groupId: z.string(),
  topic: z.string().min(1),
  partition: z.number().int().min(0),
  offset,
  key: nullableString,
  value: nullableString,
  headers: z.record(z.string(), z.string()),
  reason: z.string(),
  attempts: z.number().int().min(0),
  failedAt: z.string(),
  eventId: nullableString,
  eventType: nullableString,
}) satisfies z.ZodType<DeadLetter>;

const replayMarkerSchema = z.object({
  kind: z.literal(REPLAY_MARKER_KIND),
  replayOf: coordinates,
  original: coordinates,
  republished: coordinates,
  replayedAt: z.string(),
  eventId: nullableString,
  eventType: nullableString,
}) satisfies z.ZodType<ReplayMarker>;

type Headers = Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined;

function header(headers: Headers, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
    .join('; ');
}

/** Tells a dead letter from a replay marker (and from anything else) on a dead-letter topic. */
export function classifyRecord(position: DltPosition, message: { value: Buffer | null; headers?: Headers }): DltRecord {
  const isMarker = header(message.headers, DLQ_RECORD_HEADER) === REPLAY_MARKER_RECORD;
  if (!message.value || message.value.length === 0) return { kind: 'unreadable', position, problem: 'empty record' };
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    return { kind: 'unreadable', position, problem: `not JSON (${(error as Error).message})` };
  }
  if (isMarker) {
    const marker = replayMarkerSchema.safeParse(json);
    return marker.success
      ? { kind: 'replay', position, marker: marker.data }
      : { kind: 'unreadable', position, problem: `not a replay marker: ${describeIssues(marker.error)}` };
  }
  const letter = deadLetterSchema.safeParse(json);
  return letter.success
    ? { kind: 'dead-letter', position, letter: letter.data }
    : { kind: 'unreadable', position, problem: `not a dead letter: ${describeIssues(letter.error)}` };
}

export const coordinatesText = (c: Coordinates): string => `${c.topic}:${c.partition}:${c.offset}`;

/** Pairs each dead letter with the replay markers that name it (markers of records no longer retained are dropped). */
export function joinReplays(
  dltTopic: string,
  records: readonly DltRecord[],
): { letters: DeadLetterView[]; unreadable: Extract<DltRecord, { kind: 'unreadable' }>[] } {
  const letters: DeadLetterView[] = [];
  const byCoordinates = new Map<string, DeadLetterView>();
  const unreadable: Extract<DltRecord, { kind: 'unreadable' }>[] = [];
  for (const record of records) {
    if (record.kind === 'dead-letter') {
      const view: DeadLetterView = { position: record.position, letter: record.letter, replays: [] };
      letters.push(view);
      byCoordinates.set(coordinatesText({ topic: dltTopic, ...record.position }), view);
    } else if (record.kind === 'unreadable') {
      unreadable.push(record);
    }
  }
  for (const record of records) {
    if (record.kind !== 'replay') continue;
    byCoordinates.get(coordinatesText(record.marker.replayOf))?.replays.push({ ...record.marker, markerOffset: record.position.offset });
  }
  return { letters, unreadable };
}

export interface OutgoingMessage {
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/**
 * The original message as it was, to its original topic: key, value and headers, minus the
 * dead-letter headers and the marks of an earlier replay (a dead letter of a replay carries
 * them), plus this replay's marks. No partition: the key picks it, as it did for the original
 * (same partitioner as EventPublisher).
 */
export function replayMessage(dltTopic: string, view: DeadLetterView, replayedAt: string): { topic: string; message: OutgoingMessage } {
  const { letter } = view;
  if (letter.value === null) throw new Error('the original message had no value');
  const replayMarks = new Set<string>(Object.values(ReplayHeaders));
  const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !name.startsWith(DEAD_LETTER_HEADER_PREFIX) && !replayMarks.has(name)));
  headers[ReplayHeaders.replayedFrom] = coordinatesText({ topic: dltTopic, ...view.position });
  headers[ReplayHeaders.replayedAt] = replayedAt;
  return { topic: letter.topic, message: { key: letter.key, value: letter.value, headers } };
}

/** The record of a replay, for the dead-letter topic. */
export function replayMarkerMessage(dltTopic: string, view: DeadLetterView, republished: Coordinates, replayedAt: string): OutgoingMessage {
  const replayOf: Coordinates = { topic: dltTopic, ...view.position };
  const marker: ReplayMarker = {
    kind: REPLAY_MARKER_KIND,
    replayOf,
    original: { topic: view.letter.topic, partition: view.letter.partition, offset: view.letter.offset },
    republished,
    replayedAt,
    eventId: view.letter.eventId,
    eventType: view.letter.eventType,
  };
  return {
    key: coordinatesText(replayOf),
    value: JSON.stringify(marker),
    headers: { [DLQ_RECORD_HEADER]: REPLAY_MARKER_RECORD, [ReplayHeaders.replayedFrom]: coordinatesText(replayOf), [ReplayHeaders.replayedAt]: replayedAt },
  };
}
