/**
 * Entry point: `node dist/tools/dlq/src/cli.js <list|show|replay> <service> ...` (`--help`),
 * locally `./portico dlq ...`. See tools/dlq/README.md.
 */
import { Logger, type LoggerService } from '@nestjs/common';
import { ConfigError, kafkaEnv, loadConfig, type EnvSource } from '@portico/config';
import { kafkaConnectionFromConfig, type KafkaConnection } from '@portico/messaging';
import { createInterface } from 'node:readline/promises';
import { COMMAND_USAGE, parseArgs, USAGE, UsageError } from './args';
import { runCommand, type Io } from './commands';
import { DlqError, DltKafka } from './kafka';

/** The Kafka connection the services' variables describe, validated as the services validate them. */
export function connectionFromEnv(env: EnvSource): KafkaConnection {
  return kafkaConnectionFromConfig(loadConfig(kafkaEnv, env));
}

/**
 * kafkajs logs through Nest's logger (messaging's createKafka), which writes to stdout: here
 * stdout is the command's output (`--json`). Its connection errors and retries are what the
 * command's own error sums up, so they show only with PORTICO_DEBUG set, on stderr.
 */
function stderrLogger(debug: boolean): LoggerService {
  const write = (level: string, message: unknown, params: unknown[]): void => {
    const context = typeof params.at(-1) === 'string' ? String(params.at(-1)) : '';
    if (!debug && context.startsWith('kafkajs')) return;
    process.stderr.write(`${level}: ${context ? `[${context}] ` : ''}${String(message)}\n`);
  };
  return {
    log: (message: unknown, ...params: unknown[]) => debug && write('log', message, params),
    debug: () => undefined,
    verbose: () => undefined,
    warn: (message: unknown, ...params: unknown[]) => write('warning', message, params),
    error: (message: unknown, ...params: unknown[]) => write('error', message, params),
  };
}

function terminalIo(): Io {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    interactive: Boolean(process.stdin.isTTY),
    confirm: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^y(es)?$/i.test((await rl.question(question)).trim());
      } finally {
        rl.close();
      }
    },
    now: () => new Date(),
  };
}

export async function main(argv: readonly string[], env: EnvSource = process.env, io: Io = terminalIo()): Promise<number> {
  let kafka: DltKafka | undefined;
  try {
    const command = parseArgs(argv);
    if (command.command === 'help') {
      io.out(command.about ? COMMAND_USAGE[command.about] : USAGE);
      return 0;
    }
    kafka = new DltKafka(connectionFromEnv(env));
    return await runCommand(command, kafka, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`dlq: ${error.message}`);
      io.err(`run \`dlq ${error.about ? `${error.about} ` : ''}--help\` for usage`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.err(`dlq: ${error.message}`);
      return 1;
    }
    if (error instanceof DlqError) {
      io.err(`dlq: ${error.message}`);
      return 1;
    }
    // A Kafka error or a bug: the message, and the stack when asked for.
    io.err(`dlq: ${error instanceof Error ? error.message : String(error)}`);
    if (env.PORTICO_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  } finally {
    await kafka?.close();
  }
}

/**
 * kafkajs 2.2.4's request queue arms a timer with a negative delay when nothing throttles it
 * (`throttledUntil - Date.now()`, throttledUntil = -1); Node 24 runs it after 1 ms as kafkajs
 * means, and prints a TimeoutNegativeWarning on stderr, which is the command's error channel.
 */
function silenceKafkajsTimerWarning(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type !== 'TimeoutNegativeWarning') emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}

if (require.main === module) {
  silenceKafkajsTimerWarning();
  Logger.overrideLogger(stderrLogger(Boolean(process.env.PORTICO_DEBUG)));
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`dlq: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
