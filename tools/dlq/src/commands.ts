import { deadLetterTopic } from '@portico/contracts';
import type { Command, DltPosition } from './args';
import { UsageError } from './args';
import { listRows, listSummary, plural, positionLabel, replayLine, showText, viewJson, where } from './format';
import { DlqError, type DltKafka, type PartitionRange, type ReadProgress } from './kafka';
import { joinReplays, replayMarkerMessage, replayMessage, type DeadLetterView, type DltRecord } from './records';
import { CONSUMING_SERVICES } from './services';

/** Where a command writes, and how it asks. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Whether a person can answer a question (stdin is a terminal). */
  interactive: boolean;
  confirm(question: string): Promise<boolean>;
  now(): Date;
}

type KafkaPort = Pick<DltKafka, 'listTopics' | 'ranges' | 'read' | 'send'>;

const DLT_PATTERN = /^portico\.dlt\.([a-z][a-z0-9-]*)\.v1$/;

/**
 * The service's dead-letter topic and its extent. An unknown service (no such topic, and not
 * one of Portico's consumers) is a usage error naming the known ones; a known service whose
 * topic does not exist yet is a failure saying so.
 */
async function dltOf(kafka: KafkaPort, service: string): Promise<{ topic: string; ranges: PartitionRange[] }> {
  const topic = deadLetterTopic(service);
  const topics = await kafka.listTopics();
  if (!topics.includes(topic)) {
    const present = topics
      .map((name) => DLT_PATTERN.exec(name)?.[1])
      .filter((name): name is string => name !== undefined)
      .sort();
    const onBroker = present.length > 0 ? `dead-letter topics on the brokers: ${present.join(', ')}` : 'no dead-letter topic exists on the brokers yet';
    if (!(CONSUMING_SERVICES as readonly string[]).includes(service)) {
      throw new UsageError(`unknown service '${service}': no topic ${topic} (services: ${CONSUMING_SERVICES.join(', ')}; ${onBroker})`);
    }
    throw new DlqError(`topic ${topic} does not exist: ${service} has not started against this Kafka yet, or its topics were not created (${onBroker})`);
  }
  return { topic, ranges: await kafka.ranges(topic) };
}

/** Reports a long read on stderr, every few seconds, once it has taken a moment. */
function progressReporter(io: Io, topic: string): { onProgress: (progress: ReadProgress) => void; end: () => void } {
  const started = Date.now();
  let last = started;
  let shown = false;
  return {
    onProgress: ({ read, total }) => {
      const now = Date.now();
      if (now - started < 2000 || now - last < 2000 || read >= total) return;
      last = now;
      shown = true;
      io.err(`reading ${topic}: ${read} of ${total} records`);
    },
    end: () => {
      if (shown) io.err(`read ${topic} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
  };
}

async function readAll(kafka: KafkaPort, io: Io, service: string): Promise<{ topic: string; ranges: PartitionRange[]; records: DltRecord[] }> {
  const { topic, ranges } = await dltOf(kafka, service);
  const progress = progressReporter(io, topic);
  const records = await kafka.read(topic, ranges, progress.onProgress);
  progress.end();
  return { topic, ranges, records };
}

function rangeText(ranges: readonly PartitionRange[]): string {
  const held = ranges.filter((range) => BigInt(range.high) > BigInt(range.low));
  if (held.length === 0) return 'it is empty';
  return `it holds ${held.map((range) => `${ranges.length > 1 ? `partition ${range.partition} ` : ''}offsets ${range.low}-${BigInt(range.high) - 1n}`).join(', ')}`;
}

/** The dead letter at `position`, or an error saying what is there instead. */
function find(
  topic: string,
  ranges: readonly PartitionRange[],
  records: readonly DltRecord[],
  letters: readonly DeadLetterView[],
  position: DltPosition,
): DeadLetterView {
  const same = (p: DltPosition) => p.partition === position.partition && p.offset === position.offset;
  const view = letters.find((candidate) => same(candidate.position));
  if (view) return view;
  const record = records.find((candidate) => same(candidate.position));
  const label = positionLabel(position);
  if (record?.kind === 'replay') throw new DlqError(`${label} is the record of a replay (of ${positionLabel(record.marker.replayOf)}), not a dead letter`);
  if (record?.kind === 'unreadable') throw new DlqError(`${label} is not a dead letter: ${record.problem}`);
  if (!ranges.some((range) => range.partition === position.partition))
    throw new DlqError(`${topic} has no partition ${position.partition} (${rangeText(ranges)})`);
  throw new DlqError(`offset ${label} is not in ${topic} (${rangeText(ranges)})`);
}

export async function runCommand(command: Exclude<Command, { command: 'help' }>, kafka: KafkaPort, io: Io): Promise<number> {
  try {
    switch (command.command) {
      case 'list':
        return await list(command, kafka, io);
      case 'show':
        return await show(command, kafka, io);
      case 'replay':
        return await replay(command, kafka, io);
    }
  } catch (error) {
    // An unknown service is found out on the brokers: still a usage error of this command.
    if (error instanceof UsageError && !error.about) throw new UsageError(error.message, command.command);
    throw error;
  }
}

async function list(command: Extract<Command, { command: 'list' }>, kafka: KafkaPort, io: Io): Promise<number> {
  const { topic, records } = await readAll(kafka, io, command.service);
  const { letters, unreadable } = joinReplays(topic, records);
  let chosen = command.pending ? letters.filter((view) => view.replays.length === 0) : letters;
  if (command.limit !== undefined) chosen = chosen.slice(-command.limit);
  if (command.json) {
    io.out(
      JSON.stringify(
        chosen.map((view) => viewJson(topic, view)),
        null,
        2,
      ),
    );
    return 0;
  }
  if (chosen.length > 0 || unreadable.length > 0)
    for (const row of listRows(chosen, command.pending || command.limit !== undefined ? [] : unreadable)) io.out(row);
  io.out(listSummary(topic, letters, chosen.length, unreadable.length));
  return 0;
}

async function show(command: Extract<Command, { command: 'show' }>, kafka: KafkaPort, io: Io): Promise<number> {
  const { topic, ranges, records } = await readAll(kafka, io, command.service);
  const { letters } = joinReplays(topic, records);
  const view = find(topic, ranges, records, letters, command.position);
  if (command.json) io.out(JSON.stringify(viewJson(topic, view, true), null, 2));
  else for (const line of showText(topic, view)) io.out(line);
  return 0;
}

async function replay(command: Extract<Command, { command: 'replay' }>, kafka: KafkaPort, io: Io): Promise<number> {
  // Refused before any work: a Job or a pipe cannot answer the question.
  if (!command.yes && !command.dryRun && !io.interactive) {
    throw new UsageError(
      'replay asks for confirmation, and stdin is not a terminal: add --yes (or --dry-run to see what it would do). Nothing was replayed.',
      'replay',
    );
  }
  const { topic, ranges, records } = await readAll(kafka, io, command.service);
  const { letters, unreadable } = joinReplays(topic, records);

  let chosen: DeadLetterView[];
  const notes: string[] = [];
  if (command.positions === 'all') {
    chosen = letters.filter((view) => view.replays.length === 0);
    const before = letters.length - chosen.length;
    if (before > 0)
      notes.push(`${plural(before, 'dead letter')} replayed before left out (name ${before === 1 ? 'its offset' : 'their offsets'} to replay again)`);
    if (unreadable.length > 0)
      notes.push(`${plural(unreadable.length, 'unreadable record')} left out (${unreadable.map((record) => positionLabel(record.position)).join(', ')})`);
  } else {
    chosen = command.positions.map((position) => find(topic, ranges, records, letters, position));
  }
  const valueless = chosen.filter((view) => view.letter.value === null);
  if (valueless.length > 0) {
    if (command.positions !== 'all')
      throw new DlqError(`cannot replay ${valueless.map((view) => positionLabel(view.position)).join(', ')}: the original message had no value`);
    chosen = chosen.filter((view) => view.letter.value !== null);
    notes.push(`${plural(valueless.length, 'dead letter')} without a value left out (${valueless.map((view) => positionLabel(view.position)).join(', ')})`);
  }

  if (chosen.length === 0) {
    io.out(`nothing to replay in ${topic}${notes.length > 0 ? `: ${notes.join('; ')}` : ''}`);
    return 0;
  }

  // Every target topic must exist before the first message goes out.
  const targets = [...new Set(chosen.map((view) => view.letter.topic))];
  const existing = new Set(await kafka.listTopics());
  const missing = targets.filter((target) => !existing.has(target));
  if (missing.length > 0) throw new DlqError(`original topic${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not on the brokers: nothing was replayed`);

  const again = (view: DeadLetterView): string => (view.replays.length > 0 ? ` (replayed before, ${view.replays.length}x)` : '');
  if (command.dryRun) {
    for (const view of chosen) io.out(replayLine('would replay', view, `${view.letter.topic} (key ${view.letter.key ?? 'none'})${again(view)}`));
    io.out(`would replay ${plural(chosen.length, 'dead letter')} of ${command.service} (dry run: nothing written)${notes.map((note) => `; ${note}`).join('')}`);
    return 0;
  }
  if (!command.yes) {
    for (const view of chosen) io.out(replayLine('will replay', view, `${view.letter.topic}${again(view)}`));
    if (!(await io.confirm(`Replay ${plural(chosen.length, 'dead letter')} of ${command.service} to ${targets.join(', ')}? [y/N] `))) {
      io.err('aborted: nothing was replayed');
      return 1;
    }
  }

  let done = 0;
  for (const view of chosen) {
    const replayedAt = io.now().toISOString();
    const outgoing = replayMessage(topic, view, replayedAt);
    let republished;
    try {
      republished = await kafka.send(outgoing.topic, outgoing.message);
    } catch (error) {
      throw new DlqError(
        `replaying ${positionLabel(view.position)} failed after ${done} of ${chosen.length} were replayed: ${(error as Error).message}. Running it again is safe: consumers skip events they already handled.`,
      );
    }
    try {
      await kafka.send(topic, replayMarkerMessage(topic, view, republished, replayedAt));
    } catch (error) {
      // Republished but not recorded: `list` will call it not replayed, and --all would send it again (deduplicated by event id).
      throw new DlqError(
        `${positionLabel(view.position)} was replayed to ${where(republished)} but recording that on ${topic} failed (after ${done + 1} of ${chosen.length}): ${(error as Error).message}`,
      );
    }
    done++;
    io.out(replayLine('replayed', view, `${where(republished)}${again(view)}`));
  }
  io.out(`replayed ${done} of ${plural(chosen.length, 'dead letter')} of ${command.service}${notes.map((note) => `; ${note}`).join('')}`);
  return 0;
}
