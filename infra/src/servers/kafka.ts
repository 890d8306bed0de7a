// Apache Kafka in KRaft mode: broker and controller in one JVM, jars from Maven Central.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mavenCopyDependencies, fingerprintOf, runTool, type InstallStep } from '../installer.ts';
import { kafkaTlsPaths, LOCAL_KAFKA_SASL_USER, say, serverPaths, type InfraOptions } from '../options.ts';
import type { ManagedProcess } from '../supervisor.ts';
import { SERVER_DEADLINE_MS, type ServerDef } from './server.ts';

export const KAFKA_VERSION = '4.1.1';

const home = (opts: InfraOptions): string => join(opts.cache, `kafka-${KAFKA_VERSION}`);
const lib = (opts: InfraOptions): string => join(home(opts), 'lib');
const classpath = (opts: InfraOptions): string => join(lib(opts), '*'); // java expands the *
const propsFile = (opts: InfraOptions): string => join(serverPaths(opts, 'kafka').data, 'server.properties');
const logDir = (opts: InfraOptions): string => join(serverPaths(opts, 'kafka').data, 'log');
const log4jConfig = (opts: InfraOptions): string => join(opts.root, 'infra', 'kafka', 'log4j2.yaml');

function installStep(opts: InfraOptions): InstallStep {
  const pom = join(opts.root, 'infra', 'kafka', 'pom.xml');
  return {
    label: `kafka ${KAFKA_VERSION}`,
    dir: home(opts),
    artifact: join(lib(opts), `kafka_2.13-${KAFKA_VERSION}.jar`),
    fingerprint: fingerprintOf(readFileSync(pom, 'utf8')),
    expected: '~10 s',
    run: (logFile) => mavenCopyDependencies(pom, lib(opts), logFile, opts.root).then(() => undefined),
  };
}

// The keystore holds the broker's throwaway key for a loopback listener; Kafka needs a password for it.
const KEYSTORE_PASSWORD = 'kafka-keystore-local-dev-only';
const SASL_MECHANISMS = ['SCRAM-SHA-512', 'SCRAM-SHA-256'] as const;
const scramLogin = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';

/**
 * The SASL_SSL listener, the way production brokers are reached (Strimzi, MSK, Confluent):
 * TLS with a certificate from a CA of its own, and SCRAM (users kept in the cluster metadata,
 * created at format time) or PLAIN (the user in the listener's JAAS config). Everything else
 * keeps using the PLAINTEXT listener.
 */
function saslSslSettings(opts: InfraOptions): Record<string, string> {
  const { username, password } = LOCAL_KAFKA_SASL_USER;
  const prefix = 'listener.name.sasl_ssl.';
  return {
    [`${prefix}sasl.enabled.mechanisms`]: [...SASL_MECHANISMS, 'PLAIN'].join(','),
    [`${prefix}scram-sha-512.sasl.jaas.config`]: scramLogin,
    [`${prefix}scram-sha-256.sasl.jaas.config`]: scramLogin,
    [`${prefix}plain.sasl.jaas.config`]: `org.apache.kafka.common.security.plain.PlainLoginModule required user_${username}="${password}";`,
    [`${prefix}ssl.keystore.type`]: 'PKCS12',
    [`${prefix}ssl.keystore.location`]: kafkaTlsPaths(opts).keystore,
    [`${prefix}ssl.keystore.password`]: KEYSTORE_PASSWORD,
    [`${prefix}ssl.key.password`]: KEYSTORE_PASSWORD,
  };
}

/** Single-node KRaft settings: loopback only, replication factor 1 everywhere. */
function serverProperties(opts: InfraOptions): string {
  const { kafka: port, kafkaController: cport, kafkaSasl: saslPort } = opts.ports;
  const sasl = saslPort === undefined ? '' : `,SASL_SSL://127.0.0.1:${saslPort}`;
  const settings: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.bootstrap.servers': `127.0.0.1:${cport}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${cport}${sasl}`,
    // Advertise the literal address: "localhost" may resolve to ::1 where nothing listens.
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${cport}${sasl}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': `PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${sasl ? ',SASL_SSL:SASL_SSL' : ''}`,
    ...(saslPort === undefined ? {} : saslSslSettings(opts)),
    'log.dirs': logDir(opts),
    // Topics are declared by the services (admin createTopics), never guessed from a typo.
    'auto.create.topics.enable': 'false',
    'num.partitions': 3,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // Internal topics default to 50 partitions each: 5 makes starts and first use faster.
    'offsets.topic.num.partitions': 5,
    'transaction.state.log.num.partitions': 5,
    // After a crash (kill -9) the new incarnation waits until the old registration's session
    // expires: 4 s instead of 9 s brings a restarted broker back sooner in fault tests.
    'broker.heartbeat.interval.ms': 1000,
    'broker.session.timeout.ms': 4000,
    // Consumers join at once instead of waiting 3 s for more members that never come.
    'group.initial.rebalance.delay.ms': 0,
  };
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  return `# Generated by infra/src/servers/kafka.ts on each start; edits are overwritten.\n${lines.join('\n')}\n`;
}

/** Writes server.properties, makes the TLS material if missing, and formats the storage the first time (a fresh data dir). */
async function prepare(opts: InfraOptions): Promise<void> {
  const { data, log } = serverPaths(opts, 'kafka');
  mkdirSync(data, { recursive: true });
  mkdirSync(join(opts.stateDir, 'logs'), { recursive: true });
  writeFileSync(propsFile(opts), serverProperties(opts));
  // Both start JVMs: side by side they cost the time of the longer one.
  await Promise.all([opts.ports.kafkaSasl === undefined ? undefined : ensureTls(opts, log), format(opts, data, log)]);
}

async function format(opts: InfraOptions, data: string, log: string): Promise<void> {
  if (existsSync(join(logDir(opts), 'meta.properties'))) return;
  const { username, password } = LOCAL_KAFKA_SASL_USER;
  const scram = SASL_MECHANISMS.flatMap((mechanism) => ['--add-scram', `${mechanism}=[name=${username},password=${password}]`]);
  const storageTool = ['-cp', classpath(opts), `-Dlog4j2.configurationFile=${log4jConfig(opts)}`, 'kafka.tools.StorageTool'];
  await runTool('java', [...storageTool, 'format', '--standalone', '-t', clusterId(), '-c', propsFile(opts), '-g', ...scram], { cwd: data, logFile: log });
  writeFileSync(scramMarker(opts), scramFingerprint());
}

/**
 * SCRAM users live in the cluster metadata. A fresh storage gets them at format time; a data
 * dir formatted before (or for another user) has its marker missing or different, and gets
 * them from the running broker (`afterStart`).
 */
const scramMarker = (opts: InfraOptions): string => join(serverPaths(opts, 'kafka').data, 'scram-users');
const scramFingerprint = (): string => `${fingerprintOf(SASL_MECHANISMS.join(','), LOCAL_KAFKA_SASL_USER.username, LOCAL_KAFKA_SASL_USER.password)}\n`;

async function afterStart(opts: InfraOptions): Promise<void> {
  if (opts.ports.kafkaSasl === undefined) return;
  const marker = scramMarker(opts);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === scramFingerprint()) return;
  const { username, password } = LOCAL_KAFKA_SASL_USER;
  const configCommand = ['-cp', classpath(opts), `-Dlog4j2.configurationFile=${log4jConfig(opts)}`, 'kafka.admin.ConfigCommand'];
  const user = ['--bootstrap-server', `127.0.0.1:${opts.ports.kafka}`, '--alter', '--entity-type', 'users', '--entity-name', username];
  const { data, log } = serverPaths(opts, 'kafka');
  try {
    // One mechanism per request: the broker refuses to alter a user's credentials twice in one.
    for (const mechanism of SASL_MECHANISMS) {
      await runTool('java', [...configCommand, ...user, '--add-config', `${mechanism}=[password=${password}]`], { cwd: data, logFile: log });
    }
  } catch (error) {
    // Only tests of the SASL_SSL listener need the user: everything else may go on. The next `up` tries again.
    say(opts, `kafka: could not create the SASL user ${username} (${error instanceof Error ? error.message : String(error)}); SASL logins will fail`);
    return;
  }
  writeFileSync(marker, scramFingerprint());
}

/**
 * A CA of its own and a broker certificate it signed (for 127.0.0.1 and localhost), made with
 * the JDK's keytool (Java is already needed), into a temporary dir renamed into place when
 * complete. The CA's key is deleted afterwards: nothing else is ever signed with it.
 */
async function ensureTls(opts: InfraOptions, log: string): Promise<void> {
  const paths = kafkaTlsPaths(opts);
  if (existsSync(paths.ca) && existsSync(paths.keystore)) return;
  const work = `${paths.dir}.${process.pid}.tmp`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const store = (name: string) => ['-keystore', join(work, name), '-storetype', 'PKCS12', '-storepass', KEYSTORE_PASSWORD];
  const quick = ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC'];
  const keytool = (...args: string[]) => runTool('keytool', [...args, ...quick], { cwd: work, logFile: log });
  const keypair = ['-genkeypair', '-keyalg', 'EC', '-groupname', 'secp256r1', '-validity', '3650'];
  await Promise.all([
    keytool(...keypair, '-alias', 'ca', '-dname', 'CN=Portico local Kafka CA', '-ext', 'bc:c', ...store('ca.p12')).then(() =>
      keytool('-exportcert', '-rfc', '-alias', 'ca', '-file', join(work, 'ca.pem'), ...store('ca.p12')),
    ),
    keytool(...keypair, '-alias', 'broker', '-dname', 'CN=127.0.0.1', ...store('broker.p12')).then(() =>
      keytool('-certreq', '-alias', 'broker', '-file', join(work, 'broker.csr'), ...store('broker.p12')),
    ),
  ]);
  await keytool(
    ...['-gencert', '-rfc', '-alias', 'ca', '-validity', '3650', '-infile', join(work, 'broker.csr'), '-outfile', join(work, 'broker.crt')],
    ...['-ext', 'SAN=IP:127.0.0.1,DNS:localhost', '-ext', 'EKU=serverAuth', ...store('ca.p12')],
  );
  // The signed certificate with its CA: keytool installs a reply only with a chain it can complete.
  writeFileSync(join(work, 'chain.pem'), readFileSync(join(work, 'broker.crt'), 'utf8') + readFileSync(join(work, 'ca.pem'), 'utf8'));
  await keytool('-importcert', '-noprompt', '-alias', 'broker', '-file', join(work, 'chain.pem'), ...store('broker.p12'));
  for (const leftover of ['ca.p12', 'broker.csr', 'broker.crt', 'chain.pem']) rmSync(join(work, leftover));
  rmSync(paths.dir, { recursive: true, force: true });
  renameSync(work, paths.dir);
}

/**
 * What `kafka-storage random-uuid` prints (Kafka's Uuid.randomUuid: a random v4 UUID in
 * unpadded base64url, never starting with '-'), made here to spare a ~1 s JVM start on
 * every fresh start: the freshness rule formats Kafka's storage often.
 */
function clusterId(): string {
  for (;;) {
    const id = Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function processSpec(opts: InfraOptions): ManagedProcess {
  const paths = serverPaths(opts, 'kafka');
  return {
    name: 'kafka',
    command: 'java',
    args: ['-Xmx512m', '-Xms128m', `-Dlog4j2.configurationFile=${log4jConfig(opts)}`, '-cp', classpath(opts), 'kafka.Kafka', propsFile(opts)],
    env: {},
    cwd: paths.data, // a crashing JVM drops hs_err files into its working directory
    port: opts.ports.kafka,
    readyLogLine: /Kafka Server started/,
    pidFile: paths.pid,
    logFile: paths.log,
    deadlineMs: SERVER_DEADLINE_MS,
    expect: 'kafka.Kafka',
  };
}

export const kafka: ServerDef = {
  name: 'kafka',
  ports: ['kafka', 'kafkaController', 'kafkaSasl'],
  installSteps: (opts) => [installStep(opts)],
  process: processSpec,
  prepare,
  afterStart,
  url: (opts) => `127.0.0.1:${opts.ports.kafka}`,
};
