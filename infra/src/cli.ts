// Entry point: node infra/src/cli.ts <command> [servers...]   (run `--help` for usage)
import { down, install, reset, status, up } from './infra.ts';
import { SERVER_NAMES, envLines, resolveOptions, type InfraOptions, type ServerName } from './options.ts';
import { InfraError } from './util.ts';

const USAGE = `usage: node infra/src/cli.ts <command> [servers...]

Local infrastructure for Portico: Kafka (KRaft), a MongoDB-wire server (in-memory),
an S3 gateway (Versity) and SMTP with a mail API (Mailpit). No Docker needed.

commands:
  install            download/build every server into the cache (no start)
  up [servers]       install if needed, start, wait until healthy (no-op when all run)
  down [servers]     stop what \`up\` started (SIGTERM, SIGKILL after 15 s)
  reset              down, then delete the profile's data
  status             running/stopped, pid, port and health of each server
  env                connection settings as KEY=value lines

servers: kafka, mongo, s3 (alias versitygw), smtp (alias mailpit); default: all

A mongo start means an empty database, so \`up\` then also wipes the data of the
stopped servers (and restarts a running Kafka) to keep everything consistent.

environment:
  PORTICO_PROFILE      dev (default) or test: separate ports and .local/<profile>/
  PORTICO_ROOT         repository root (default: nearest directory with nx.json)
  PORTICO_CACHE        download/build cache (default: <root>/.cache)
  PORTICO_STATE_DIR    data/, logs/ and run/ (pid files) of this instance
                       (default: <root>/.local/<profile>); with other ports too,
                       a private instance beside dev and test (fault tests)
  PORTICO_KAFKA_PORT, PORTICO_KAFKA_CONTROLLER_PORT, PORTICO_KAFKA_SASL_PORT,
  PORTICO_MONGO_PORT, PORTICO_S3_PORT, PORTICO_SMTP_PORT, PORTICO_MAILPIT_PORT
                       dev: 19092 19093 19094 27117 17070 11025 18025
                       test: 29092 29093 29094 27217 27070 21025 28025
                       (Kafka's SASL_SSL listener: TLS with a local CA, user
                       portico; with another Kafka port, only if its port is set)
  PORTICO_S3_ACCESS_KEY, PORTICO_S3_SECRET_KEY
                       default portico-local / portico-local-secret (local only)

exit status: 0 ok, 1 failure (reason on stderr), 2 usage error`;

const ALIASES: Record<string, ServerName> = { versitygw: 's3', mailpit: 'smtp' };

class UsageError extends Error {}

function parseServers(names: string[]): ServerName[] | undefined {
  if (names.length === 0) return undefined;
  return names.map((name) => {
    const server = ALIASES[name] ?? name;
    if (!(SERVER_NAMES as readonly string[]).includes(server)) {
      throw new UsageError(`unknown server '${name}' (expected: ${SERVER_NAMES.join(', ')})`);
    }
    return server as ServerName;
  });
}

async function printStatus(opts: InfraOptions): Promise<void> {
  for (const s of await status(opts)) {
    const state = s.running ? `running  pid ${String(s.pid).padEnd(8)}` : 'stopped  ------------';
    const health = s.running ? (s.healthy ? 'healthy' : 'NOT healthy') : '';
    console.log(`${s.server.padEnd(6)}${state} port ${String(s.port).padEnd(6)} ${health}`.trimEnd());
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  const servers = parseServers(rest);
  const opts = resolveOptions(process.env);
  const noServers = (): void => {
    if (servers) throw new UsageError(`'${command}' takes no server names`);
  };
  switch (command) {
    case 'install':
      await install(opts, servers);
      console.log(`installed in ${opts.cache}`);
      return;
    case 'up':
      await up(opts, servers);
      return;
    case 'down':
      await down(opts, servers);
      return;
    case 'reset':
      noServers();
      await reset(opts);
      return;
    case 'status':
      noServers();
      await printStatus(opts);
      return;
    case 'env':
      noServers();
      console.log(envLines(opts).join('\n'));
      return;
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`error: ${err.message}\nrun with --help for usage`);
      process.exit(2);
    }
    if (err instanceof InfraError && err.details) console.error(err.details);
    if (!(err instanceof InfraError) && process.env.PORTICO_DEBUG) console.error(err); // a bug: show the stack
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
