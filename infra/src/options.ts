import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InfraError } from './util.ts';

export type ServerName = 'kafka' | 'mongo' | 's3' | 'smtp';
export const SERVER_NAMES: readonly ServerName[] = ['kafka', 'mongo', 's3', 'smtp'];

export type Profile = 'dev' | 'test';

export interface Ports {
  kafka: number;
  kafkaController: number;
  /**
   * Kafka's SASL_SSL listener (TLS + SCRAM/PLAIN, see servers/kafka.ts). Undefined: no such
   * listener (an instance that picks its own Kafka port but names none for this one).
   */
  kafkaSasl?: number;
  mongo: number;
  s3: number;
  smtp: number;
  /** Mailpit's HTTP API and UI. */
  mailpit: number;
}

export interface InfraOptions {
  /** Repository root (holds nx.json and infra/). */
  root: string;
  /** Downloads and builds, shared by every profile. */
  cache: string;
  /** data/, logs/, run/: PORTICO_STATE_DIR, else `<root>/.local/<profile>`. */
  stateDir: string;
  profile: string;
  ports: Ports;
  s3: { accessKey: string; secretKey: string };
  log?: (line: string) => void;
}

/** What callers may override; nested objects may be given in part. */
export type InfraOverrides = Partial<Omit<InfraOptions, 'ports' | 's3'>> & {
  ports?: Partial<Ports>;
  s3?: Partial<InfraOptions['s3']>;
};

// Two fixed port sets so a developer's servers (dev) and a test run (test) never collide,
// and neither uses a stock port (9092, 27017, 9000, 25...) a real install might hold.
const DEFAULT_PORTS: Record<Profile, Ports> = {
  dev: { kafka: 19092, kafkaController: 19093, kafkaSasl: 19094, mongo: 27117, s3: 17070, smtp: 11025, mailpit: 18025 },
  test: { kafka: 29092, kafkaController: 29093, kafkaSasl: 29094, mongo: 27217, s3: 27070, smtp: 21025, mailpit: 28025 },
};

/** Environment variable that overrides each port (also named in port-conflict errors). */
export const PORT_ENV: Record<keyof Ports, string> = {
  kafka: 'PORTICO_KAFKA_PORT',
  kafkaController: 'PORTICO_KAFKA_CONTROLLER_PORT',
  kafkaSasl: 'PORTICO_KAFKA_SASL_PORT',
  mongo: 'PORTICO_MONGO_PORT',
  s3: 'PORTICO_S3_PORT',
  smtp: 'PORTICO_SMTP_PORT',
  mailpit: 'PORTICO_MAILPIT_PORT',
};

// Local-only credentials: the gateway listens on 127.0.0.1 and holds throwaway data.
const LOCAL_S3_ACCESS_KEY = 'portico-local';
const LOCAL_S3_SECRET_KEY = 'portico-local-secret';

/**
 * The user of the local Kafka's SASL_SSL listener (SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN).
 * A test credential on a loopback listener; "local-dev-only" is @portico/config's
 * LOCAL_SECRET_MARKER, so a production service refuses it as KAFKA_SASL_PASSWORD.
 */
export const LOCAL_KAFKA_SASL_USER = { username: 'portico', password: 'portico-kafka-local-dev-only' } as const;

/** The repository root: PORTICO_ROOT, else the nearest directory above `from` holding nx.json. */
export function findRoot(env: NodeJS.ProcessEnv = process.env, from = process.cwd()): string {
  if (env.PORTICO_ROOT) return resolve(env.PORTICO_ROOT);
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) break;
  }
  throw new InfraError(`no nx.json found above ${from}; run from the Portico repository or set PORTICO_ROOT`);
}

function portFromEnv(env: NodeJS.ProcessEnv, key: keyof Ports, fallback: number | undefined): number | undefined {
  const raw = env[PORT_ENV[key]];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InfraError(`${PORT_ENV[key]}=${raw} is not a port number (1-65535)`);
  }
  return port;
}

/** Two servers on one port would only fail later, with a much less obvious message. */
function assertDistinct(ports: Ports): void {
  const seen = new Map<number, keyof Ports>();
  for (const key of Object.keys(ports) as Array<keyof Ports>) {
    const port = ports[key];
    if (port === undefined) continue;
    const other = seen.get(port);
    if (other) throw new InfraError(`${PORT_ENV[other]} and ${PORT_ENV[key]} are both ${port}; each server needs its own port`);
    seen.set(port, key);
  }
}

function profileFrom(value: string | undefined): Profile {
  const profile = value || 'dev';
  if (profile !== 'dev' && profile !== 'test') {
    throw new InfraError(`PORTICO_PROFILE=${profile} is not a profile; use dev or test`);
  }
  return profile;
}

/** Options from the environment (see the CLI's --help), then `overrides`. */
export function resolveOptions(env: NodeJS.ProcessEnv = process.env, overrides: InfraOverrides = {}): InfraOptions {
  const profile = profileFrom(overrides.profile ?? env.PORTICO_PROFILE);
  const root = overrides.root ?? findRoot(env);
  const defaults = DEFAULT_PORTS[profile];
  const ports = Object.fromEntries((Object.keys(defaults) as Array<keyof Ports>).map((key) => [key, portFromEnv(env, key, defaults[key])])) as unknown as Ports;
  const merged: Ports = { ...ports, ...overrides.ports };
  // An instance on a Kafka port of its own (a private one beside dev and test) must not take the
  // profile's SASL_SSL port, which the profile's Kafka holds: it gets that listener only if it names a port for it.
  const saslNamed = overrides.ports?.kafkaSasl !== undefined || Boolean(env[PORT_ENV.kafkaSasl]);
  if (merged.kafka !== defaults.kafka && !saslNamed) delete merged.kafkaSasl;
  assertDistinct(merged);
  return {
    root,
    cache: overrides.cache ?? (env.PORTICO_CACHE ? resolve(env.PORTICO_CACHE) : join(root, '.cache')),
    // A private state dir (with private ports) keeps an instance apart from dev and test.
    stateDir: overrides.stateDir ?? (env.PORTICO_STATE_DIR ? resolve(env.PORTICO_STATE_DIR) : join(root, '.local', profile)),
    profile,
    ports: merged,
    s3: {
      accessKey: overrides.s3?.accessKey ?? (env.PORTICO_S3_ACCESS_KEY || LOCAL_S3_ACCESS_KEY),
      secretKey: overrides.s3?.secretKey ?? (env.PORTICO_S3_SECRET_KEY || LOCAL_S3_SECRET_KEY),
    },
    log: overrides.log ?? ((line: string) => process.stdout.write(`${line}\n`)),
  };
}

/** Kafka's SASL_SSL listener: TLS with a CA of its own (PEM file), and a SCRAM-SHA-512/SCRAM-SHA-256/PLAIN user. */
export interface KafkaSaslEndpoint {
  brokers: string[];
  caFile: string;
  username: string;
  password: string;
}

export interface Endpoints {
  kafkaBrokers: string[];
  /** Only where the Kafka of these endpoints has the listener (local servers; not testcontainers). */
  kafkaSasl?: KafkaSaslEndpoint;
  mongoUrl: string;
  s3: { endPoint: string; port: number; accessKey: string; secretKey: string; useSSL: false; region: 'us-east-1' };
  smtp: { host: string; port: number };
  mailpitUrl: string;
}

/** Connection settings for clients (kafkajs, mongoose, minio, nodemailer, Mailpit's API). */
export function endpoints(opts: InfraOptions): Endpoints {
  const host = '127.0.0.1'; // never "localhost": it may resolve to ::1, where nothing listens
  return {
    kafkaBrokers: [`${host}:${opts.ports.kafka}`],
    ...(opts.ports.kafkaSasl === undefined
      ? {}
      : { kafkaSasl: { brokers: [`${host}:${opts.ports.kafkaSasl}`], caFile: kafkaTlsPaths(opts).ca, ...LOCAL_KAFKA_SASL_USER } }),
    mongoUrl: `mongodb://${host}:${opts.ports.mongo}`,
    s3: { endPoint: host, port: opts.ports.s3, ...opts.s3, useSSL: false, region: 'us-east-1' },
    smtp: { host, port: opts.ports.smtp },
    mailpitUrl: `http://${host}:${opts.ports.mailpit}`,
  };
}

/** KEY=value settings for scripts (`infra env`). */
export function envLines(opts: InfraOptions): string[] {
  const e = endpoints(opts);
  return [
    `KAFKA_BROKERS=${e.kafkaBrokers.join(',')}`,
    `MONGO_URL=${e.mongoUrl}`,
    `S3_ENDPOINT=${e.s3.endPoint}`,
    `S3_PORT=${e.s3.port}`,
    `S3_ACCESS_KEY=${e.s3.accessKey}`,
    `S3_SECRET_KEY=${e.s3.secretKey}`,
    `SMTP_HOST=${e.smtp.host}`,
    `SMTP_PORT=${e.smtp.port}`,
    `MAILPIT_URL=${e.mailpitUrl}`,
  ];
}

/** Where one server keeps its data, log and pid file inside the profile's state dir. */
export function serverPaths(opts: InfraOptions, server: ServerName): { data: string; log: string; pid: string } {
  return {
    data: join(opts.stateDir, 'data', server),
    log: join(opts.stateDir, 'logs', `${server}.log`),
    pid: join(opts.stateDir, 'run', `${server}.pid`),
  };
}

/**
 * The local Kafka's TLS material: a CA of its own and the broker's key and certificate. Beside
 * Kafka's data rather than in it, so the freshness rule's wipes (every start of the in-memory
 * database) do not cost a new CA each time; `reset` deletes it with the rest.
 */
export function kafkaTlsPaths(opts: InfraOptions): { dir: string; ca: string; keystore: string } {
  const dir = join(opts.stateDir, 'data', 'kafka-tls');
  return { dir, ca: join(dir, 'ca.pem'), keystore: join(dir, 'broker.p12') };
}

/** Progress output (the CLI prints it; tests may pass a silent `log`). */
export function say(opts: InfraOptions, line: string): void {
  (opts.log ?? ((l: string) => process.stdout.write(`${l}\n`)))(line);
}
