import { describe, expect, it } from '@jest/globals';
import type { DeadLetter } from '@portico/messaging';
import { parseArgs, UsageError, type Command } from './args';
import { runCommand, type Io } from './commands';
import { DlqError, type PartitionRange } from './kafka';
import { classifyRecord, type Coordinates, type OutgoingMessage } from './records';

const DLT = 'portico.dlt.invitations.v1';
const ORIGINAL = 'portico.clients.client.v1';

const letter = (n: number, overrides: Partial<DeadLetter> = {}): DeadLetter => ({
  service: 'invitations',
  groupId: 'invitations',
  topic: ORIGINAL,
  partition: 1,
  offset: String(40 + n),
  key: `c-${n}`,
  value: JSON.stringify({ id: `e-${n}` }),
  headers: { 'event-id': `e-${n}` },
  reason: `handler: failure ${n}`,
  attempts: 5,
  failedAt: `2025-03-01T10:00:0${n}.000Z`,
  eventId: `e-${n}`,
  eventType: 'ClientCreated',
  ...overrides,
});

/** Topics in memory, one partition each; what the commands need of Kafka. */
class FakeKafka {
  readonly topics = new Map<string, OutgoingMessage[]>([
    [DLT, []],
    [ORIGINAL, []],
  ]);

  constructor(letters: DeadLetter[]) {
    for (const record of letters) this.topics.get(DLT)!.push({ key: record.key, value: JSON.stringify(record), headers: { 'dlt-service': 'invitations' } });
  }

  async listTopics(): Promise<string[]> {
    return [...this.topics.keys()];
  }

  async ranges(topic: string): Promise<PartitionRange[]> {
    return [{ partition: 0, low: '0', high: String(this.topics.get(topic)!.length) }];
  }

  async read(topic: string, ranges: readonly PartitionRange[]) {
    return this.topics
      .get(topic)!
      .slice(0, Number(ranges[0]!.high))
      .map((message, offset) => classifyRecord({ partition: 0, offset: String(offset) }, { value: Buffer.from(message.value), headers: message.headers }));
  }

  async send(topic: string, message: OutgoingMessage): Promise<Coordinates> {
    const messages = this.topics.get(topic);
    if (!messages) throw new Error(`no topic ${topic}`);
    messages.push(message);
    return { topic, partition: topic === DLT ? 0 : 1, offset: String(messages.length - 1) };
  }
}

function io(options: { interactive?: boolean; answer?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const questions: string[] = [];
  const terminal: Io = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    interactive: options.interactive ?? false,
    confirm: async (question) => {
      questions.push(question);
      return options.answer ?? false;
    },
    now: () => new Date('2025-03-02T08:00:00.000Z'),
  };
  return { terminal, out, err, questions };
}

async function run(kafka: FakeKafka, argv: string[], terminal = io().terminal): Promise<number> {
  return runCommand(parseArgs(argv) as Exclude<Command, { command: 'help' }>, kafka, terminal);
}

describe('replay', () => {
  it('republishes the chosen dead letters, records each replay, and reports a line each and a total', async () => {
    const kafka = new FakeKafka([letter(1), letter(2)]);
    const { terminal, out } = io();
    await expect(run(kafka, ['replay', 'invitations', '1', '--yes'], terminal)).resolves.toBe(0);

    expect(kafka.topics.get(ORIGINAL)).toEqual([
      {
        key: 'c-2',
        value: JSON.stringify({ id: 'e-2' }),
        headers: { 'event-id': 'e-2', 'portico-replayed-from': `${DLT}:0:1`, 'portico-replayed-at': '2025-03-02T08:00:00.000Z' },
      },
    ]);
    expect(kafka.topics.get(DLT)).toHaveLength(3);
    expect(out).toEqual([`replayed 1  ClientCreated e-2  ${ORIGINAL}[1]@42 -> ${ORIGINAL}[1]@0`, 'replayed 1 of 1 dead letter of invitations']);

    const listed = io();
    await run(kafka, ['list', 'invitations'], listed.terminal);
    expect(listed.out.at(-1)).toBe(`2 dead letters in ${DLT} (1 replayed, 1 not replayed)`);
    expect(listed.out.find((line) => line.startsWith('1 '))).toContain('2025-03-02T08:00:00.000Z');
  });

  it('--all leaves out what was replayed before; an offset named again is replayed again', async () => {
    const kafka = new FakeKafka([letter(1), letter(2)]);
    await run(kafka, ['replay', 'invitations', '0', '--yes']);
    const all = io();
    await run(kafka, ['replay', 'invitations', '--all', '--yes'], all.terminal);
    expect(all.out).toEqual([
      `replayed 1  ClientCreated e-2  ${ORIGINAL}[1]@42 -> ${ORIGINAL}[1]@1`,
      'replayed 1 of 1 dead letter of invitations; 1 dead letter replayed before left out (name its offset to replay again)',
    ]);
    const again = io();
    await run(kafka, ['replay', 'invitations', '--all', '--yes'], again.terminal);
    expect(again.out).toEqual([`nothing to replay in ${DLT}: 2 dead letters replayed before left out (name their offsets to replay again)`]);
    const named = io();
    await run(kafka, ['replay', 'invitations', '0', '--yes'], named.terminal);
    expect(named.out[0]).toMatch(/^replayed 0 .* \(replayed before, 1x\)$/);
    expect(kafka.topics.get(ORIGINAL)!.map((message) => message.key)).toEqual(['c-1', 'c-2', 'c-1']);
  });

  it('--dry-run says what it would do and writes nothing', async () => {
    const kafka = new FakeKafka([letter(1)]);
    const { terminal, out } = io();
    await run(kafka, ['replay', 'invitations', '--all', '--dry-run'], terminal);
    expect(out).toEqual([
      `would replay 0  ClientCreated e-1  ${ORIGINAL}[1]@41 -> ${ORIGINAL} (key c-1)`,
      'would replay 1 dead letter of invitations (dry run: nothing written)',
    ]);
    expect(kafka.topics.get(ORIGINAL)).toEqual([]);
    expect(kafka.topics.get(DLT)).toHaveLength(1);
  });

  it('asks on a terminal, and replays nothing unless told yes', async () => {
    const kafka = new FakeKafka([letter(1)]);
    const no = io({ interactive: true, answer: false });
    await expect(run(kafka, ['replay', 'invitations', '0'], no.terminal)).resolves.toBe(1);
    expect(no.questions).toEqual([`Replay 1 dead letter of invitations to ${ORIGINAL}? [y/N] `]);
    expect(no.err).toEqual(['aborted: nothing was replayed']);
    expect(kafka.topics.get(ORIGINAL)).toEqual([]);

    const yes = io({ interactive: true, answer: true });
    await expect(run(kafka, ['replay', 'invitations', '0'], yes.terminal)).resolves.toBe(0);
    expect(kafka.topics.get(ORIGINAL)).toHaveLength(1);
  });

  it('refuses without --yes when nobody can answer', async () => {
    const kafka = new FakeKafka([letter(1)]);
    await expect(run(kafka, ['replay', 'invitations', '0'])).rejects.toThrow(
      new UsageError('replay asks for confirmation, and stdin is not a terminal: add --yes (or --dry-run to see what it would do). Nothing was replayed.'),
    );
    expect(kafka.topics.get(ORIGINAL)).toEqual([]);
  });

  it('replays nothing when an offset is not a dead letter, or an original topic is gone', async () => {
    const kafka = new FakeKafka([letter(1), letter(2, { topic: 'portico.gone.v1' })]);
    await expect(run(kafka, ['replay', 'invitations', '0', '9', '--yes'])).rejects.toThrow(new DlqError(`offset 9 is not in ${DLT} (it holds offsets 0-1)`));
    await expect(run(kafka, ['replay', 'invitations', '0', '1', '--yes'])).rejects.toThrow(
      new DlqError('original topic portico.gone.v1 not on the brokers: nothing was replayed'),
    );
    await run(kafka, ['replay', 'invitations', '0', '--yes']);
    await expect(run(kafka, ['show', 'invitations', '2'])).rejects.toThrow(new DlqError('2 is the record of a replay (of 0), not a dead letter'));
    await expect(run(kafka, ['show', 'invitations', '1:0'])).rejects.toThrow(new DlqError(`${DLT} has no partition 1 (it holds offsets 0-2)`));
  });
});

describe('the service', () => {
  it('unknown: a usage error naming the consuming services and the dead-letter topics there are', async () => {
    const kafka = new FakeKafka([]);
    await expect(run(kafka, ['list', 'nope'])).rejects.toThrow(
      new UsageError(
        "unknown service 'nope': no topic portico.dlt.nope.v1 (services: billing, clients, files, identity, invitations, notifications, tasks; dead-letter topics on the brokers: invitations)",
      ),
    );
  });

  it('known, but its topic not created yet: a failure saying so', async () => {
    const kafka = new FakeKafka([]);
    await expect(run(kafka, ['list', 'billing'])).rejects.toThrow(DlqError);
    await expect(run(kafka, ['list', 'billing'])).rejects.toThrow(
      /topic portico.dlt.billing.v1 does not exist: billing has not started against this Kafka yet/,
    );
  });
});

describe('list and show', () => {
  it('list --limit keeps the most recent, --pending the ones never replayed, --json prints records', async () => {
    const kafka = new FakeKafka([letter(1), letter(2), letter(3)]);
    await run(kafka, ['replay', 'invitations', '2', '--yes']);
    const limited = io();
    await run(kafka, ['list', 'invitations', '--limit', '2'], limited.terminal);
    expect(limited.out.slice(1).map((line) => line.split(' ')[0])).toEqual(['1', '2', '3']);
    expect(limited.out.at(-1)).toBe(`3 dead letters in ${DLT} (1 replayed, 2 not replayed); 2 shown`);
    const pending = io();
    await run(kafka, ['list', 'invitations', '--pending', '--json'], pending.terminal);
    expect((JSON.parse(pending.out.join('\n')) as Array<{ offset: string }>).map((entry) => entry.offset)).toEqual(['0', '1']);
  });

  it('an empty topic: the count alone', async () => {
    const { terminal, out } = io();
    await run(new FakeKafka([]), ['list', 'invitations'], terminal);
    expect(out).toEqual([`0 dead letters in ${DLT} (0 replayed, 0 not replayed)`]);
  });
});
