import { CONSUMING_SERVICES, SERVICE_NAME } from './services';

/** A record of a dead-letter topic. Offsets are decimal strings: they may exceed 2^53. */
export interface DltPosition {
  partition: number;
  offset: string;
}

export type Command =
  | { command: 'help'; about?: CommandName }
  | { command: 'list'; service: string; limit?: number; pending: boolean; json: boolean }
  | { command: 'show'; service: string; position: DltPosition; json: boolean }
  | { command: 'replay'; service: string; positions: DltPosition[] | 'all'; dryRun: boolean; yes: boolean };

export type CommandName = 'list' | 'show' | 'replay';

/** Exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    /** The command whose usage to point at. */
    readonly about?: CommandName,
  ) {
    super(message);
  }
}

const SERVICES_LINE = `services: ${CONSUMING_SERVICES.join(', ')}`;

const CONNECTION = `Kafka: the services' variables (KAFKA_BROKERS, KAFKA_SSL, KAFKA_SSL_CA_FILE,
KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD; any as NAME_FILE).
\`./portico dlq\` sets KAFKA_BROKERS to the local Kafka of PORTICO_PROFILE (dev) when unset.
PORTICO_DEBUG=1 adds kafkajs' own logs and error stacks on stderr.`;

export const USAGE = `usage: dlq <command> <service> [arguments]     (locally: ./portico dlq ...)

Dead letters of a Portico service: what its consumer gave up on, in portico.dlt.<service>.v1.

commands:
  list <service> [--limit N] [--pending] [--json]
                      every dead letter, oldest first, and whether it was replayed
  show <service> <dlt-offset> [--json]
                      one dead letter in full, the original value pretty-printed
  replay <service> (<dlt-offset>... | --all) [--dry-run] [--yes]
                      republish to the original topic (marked portico-replayed-from)

${SERVICES_LINE}
<dlt-offset>: the offset \`list\` prints (<partition>:<offset> on a topic of several partitions)

${CONNECTION}

exit status: 0 ok, 1 failure (reason on stderr), 2 usage error
run \`dlq <command> --help\` for a command's details`;

export const COMMAND_USAGE: Record<CommandName, string> = {
  list: `usage: dlq list <service> [--limit N] [--pending] [--json]

Reads portico.dlt.<service>.v1 from its first record to the end it has when the command starts
(a throwaway consumer group that commits nothing), and prints one line per dead letter: its
offset, when the consumer gave up, the original topic[partition]@offset, the event type and id,
the attempts, whether and when it was replayed (a replay is recorded on the same topic), and the
reason (shortened; \`show\` prints it whole). The count comes last. Progress goes to stderr.

  --limit N    only the N most recent dead letters (the count still covers all)
  --pending    only those never replayed
  --json       a JSON array instead (the full records, replays included)

${SERVICES_LINE}`,
  show: `usage: dlq show <service> <dlt-offset> [--json]

Prints one dead letter in full: service and consumer group, original topic, partition, offset
and key, event type and id, when and why the consumer gave up, its replays, the original
headers, and the original value (pretty-printed when it is JSON).

  <dlt-offset>  as \`list\` prints it (<partition>:<offset> on a topic of several partitions)
  --json        the record as JSON, its value parsed when it is JSON

${SERVICES_LINE}`,
  replay: `usage: dlq replay <service> (<dlt-offset>... | --all) [--dry-run] [--yes]

Republishes each chosen dead letter's original key, value and headers (without the dlt-* ones)
to its original topic, with an idempotent producer (acks=all), adding the headers
portico-replayed-from: <dead-letter topic>:<partition>:<offset> and portico-replayed-at.
Then it records the replay on the dead-letter topic, so \`list\` shows it as replayed.

Consumers skip an event their group already handled (by event id): replaying an event twice,
or one that another consumer group of the topic had handled, runs it once per group. A replay
lands after the events published since, so it is no longer in order with its aggregate's.

  <dlt-offset>...  these dead letters, replayed even if they were before
  --all            every dead letter not replayed yet
  --dry-run        print what would be replayed; write nothing
  --yes            do not ask; required when stdin is not a terminal (e.g. a Kubernetes Job)

${SERVICES_LINE}`,
};

const POSITION = /^(?:(\d+):)?(\d+)$/;

export function parsePosition(text: string): DltPosition {
  const match = POSITION.exec(text);
  if (!match) throw new UsageError(`'${text}' is not a dead-letter offset (a number, or <partition>:<offset>)`);
  return { partition: match[1] === undefined ? 0 : Number(match[1]), offset: BigInt(match[2]!).toString() };
}

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

/** Options take no value except those in `valued` (`--limit N` or `--limit=N`). */
function split(args: readonly string[], valued: ReadonlySet<string>, about: CommandName): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || /^-\d/.test(arg)) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (valued.has(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`, about);
      flags.set(name, value);
    } else {
      if (inline !== undefined) throw new UsageError(`${name} takes no value`, about);
      flags.set(name, true);
    }
  }
  return { positional, flags };
}

function checkFlags(parsed: Parsed, allowed: readonly string[], about: CommandName): void {
  for (const name of parsed.flags.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`unknown option ${name}`, about);
  }
}

function serviceOf(parsed: Parsed, about: CommandName): string {
  const service = parsed.positional[0];
  if (service === undefined) throw new UsageError('missing <service>', about);
  if (!SERVICE_NAME.test(service)) throw new UsageError(`'${service}' is not a service name (${SERVICES_LINE})`, about);
  return service;
}

const isHelp = (arg: string): boolean => arg === '--help' || arg === '-h';

/** The command line (without `node cli.js`) as a command, or a UsageError saying what is wrong. */
export function parseArgs(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  if (name === undefined || isHelp(name) || name === 'help') {
    const about = rest[0];
    return { command: 'help', about: about === 'list' || about === 'show' || about === 'replay' ? about : undefined };
  }
  if (name !== 'list' && name !== 'show' && name !== 'replay') throw new UsageError(`unknown command '${name}' (list, show or replay)`);
  if (rest.some(isHelp)) return { command: 'help', about: name };

  if (name === 'list') {
    const parsed = split(rest, new Set(['--limit']), name);
    checkFlags(parsed, ['--limit', '--pending', '--json'], name);
    const service = serviceOf(parsed, name);
    if (parsed.positional.length > 1) throw new UsageError(`unexpected argument '${parsed.positional[1]}'`, name);
    const rawLimit = parsed.flags.get('--limit');
    let limit: number | undefined;
    if (rawLimit !== undefined) {
      limit = Number(rawLimit);
      if (!/^\d+$/.test(String(rawLimit)) || !Number.isSafeInteger(limit) || limit < 1)
        throw new UsageError(`--limit must be a whole number of 1 or more (got '${rawLimit}')`, name);
    }
    return { command: 'list', service, limit, pending: parsed.flags.has('--pending'), json: parsed.flags.has('--json') };
  }

  if (name === 'show') {
    const parsed = split(rest, new Set(), name);
    checkFlags(parsed, ['--json'], name);
    const service = serviceOf(parsed, name);
    const [, offset, extra] = parsed.positional;
    if (offset === undefined) throw new UsageError('missing <dlt-offset>', name);
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}' (show takes one offset)`, name);
    return { command: 'show', service, position: withAbout(() => parsePosition(offset), name), json: parsed.flags.has('--json') };
  }

  const parsed = split(rest, new Set(), name);
  checkFlags(parsed, ['--all', '--dry-run', '--yes'], name);
  const service = serviceOf(parsed, name);
  const offsets = parsed.positional.slice(1);
  const all = parsed.flags.has('--all');
  if (all && offsets.length > 0) throw new UsageError('give offsets or --all, not both', name);
  if (!all && offsets.length === 0) throw new UsageError('missing <dlt-offset>... or --all', name);
  const positions = all ? 'all' : dedupe(offsets.map((offset) => withAbout(() => parsePosition(offset), name)));
  return { command: 'replay', service, positions, dryRun: parsed.flags.has('--dry-run'), yes: parsed.flags.has('--yes') };
}

function withAbout<T>(parse: () => T, about: CommandName): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.message, about);
    throw error;
  }
}

/** The same offset named twice is replayed once. */
function dedupe(positions: DltPosition[]): DltPosition[] {
  const seen = new Set<string>();
  return positions.filter((position) => {
    const key = `${position.partition}:${position.offset}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
