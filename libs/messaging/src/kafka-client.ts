import { Logger } from '@nestjs/common';
import { ConfigError } from '@portico/config';
import {
  Kafka,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSProtocolError,
  logLevel,
  type KafkaConfig,
  type LogEntry,
  type logCreator,
  type RetryOptions,
  type SASLOptions,
} from 'kafkajs';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

/**
 * Where the brokers are and how to reach them: everything a Kafka client needs but its id.
 * Services build it from their configuration with `kafkaConnectionFromConfig`, once, and
 * pass it whole, so no client of a service can miss the TLS or SASL settings.
 */
export interface KafkaConnection {
  brokers: string[];
  /** TLS: `true` trusts the system CAs; options carry a CA bundle (`ca`). Unset: plaintext. */
  ssl?: boolean | ConnectionOptions;
  /** SASL authentication (plain, scram-sha-256, scram-sha-512). Unset: none. */
  sasl?: SASLOptions;
}

export interface KafkaConnectionOptions extends KafkaConnection {
  clientId: string;
}

export type KafkaSaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** The Kafka variables of a service's configuration (kafkaEnv in @portico/config). */
export interface KafkaConnectionConfig {
  KAFKA_BROKERS: readonly string[];
  KAFKA_SSL?: boolean;
  KAFKA_SSL_CA_FILE?: string;
  KAFKA_SASL_MECHANISM?: KafkaSaslMechanism;
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
}

// One connection per configuration object (they are frozen, and live as long as the process):
// the CA file is read once, and an unreadable one fails once.
const connections = new WeakMap<KafkaConnectionConfig, KafkaConnection>();

/**
 * The connection a service's configuration describes. Throws a ConfigError naming
 * KAFKA_SSL_CA_FILE when that file cannot be read or holds no certificate.
 */
export function kafkaConnectionFromConfig(config: KafkaConnectionConfig): KafkaConnection {
  let connection = connections.get(config);
  if (!connection) {
    connection = { brokers: [...config.KAFKA_BROKERS], ...sslOf(config), ...saslOf(config) };
    connections.set(config, connection);
  }
  return connection;
}

function sslOf(config: KafkaConnectionConfig): Pick<KafkaConnection, 'ssl'> {
  if (!config.KAFKA_SSL) return {};
  const path = config.KAFKA_SSL_CA_FILE;
  if (path === undefined) return { ssl: true };
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([
      { variable: 'KAFKA_SSL_CA_FILE', rule: `names a file that cannot be read (${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)})` },
    ]);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError([{ variable: 'KAFKA_SSL_CA_FILE', rule: `must name a PEM file holding at least one certificate (${path})` }]);
  }
  return { ssl: { ca: [pem] } };
}

function saslOf(config: KafkaConnectionConfig): Pick<KafkaConnection, 'sasl'> {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  if (mechanism === undefined) return {};
  // The schema already requires both; this guards a configuration built by hand.
  if (username === undefined || password === undefined) {
    throw new ConfigError([
      { variable: username === undefined ? 'KAFKA_SASL_USERNAME' : 'KAFKA_SASL_PASSWORD', rule: 'is required when KAFKA_SASL_MECHANISM is set' },
    ]);
  }
  return { sasl: { mechanism, username, password } };
}

/** The connection fields of `options` as kafkajs takes them (never the rest of a bigger options object). */
export function kafkaConnectionConfig(options: KafkaConnection): Pick<KafkaConfig, 'brokers' | 'ssl' | 'sasl'> {
  return {
    brokers: [...options.brokers],
    ...(options.ssl ? { ssl: options.ssl } : {}),
    ...(options.sasl ? { sasl: options.sasl } : {}),
  };
}

/** Where a function used to take a broker list: a bare list means plaintext without authentication (tests, the local stack). */
export function asKafkaConnection(target: KafkaConnection | readonly string[]): KafkaConnection {
  return isBrokerList(target) ? { brokers: [...target] } : target;
}

function isBrokerList(target: KafkaConnection | readonly string[]): target is readonly string[] {
  return Array.isArray(target);
}

/**
 * The retry budget measured on the local broker (infra/README.md): with kafkajs' defaults a broker
 * restart made the consumer crash and wait ~27 s to rejoin; 20 retries capped at 5 s rode
 * through it.
 */
export const consumerRetry: RetryOptions = { retries: 20, maxRetryTime: 5000 };

/**
 * Producers retry on their own terms (`ReliableProducer`, up to the caller's deadline); their
 * client only needs to bridge short hiccups. Kept small because a connection attempt cannot be
 * cancelled: with 20 retries a producer facing a dead broker kept retrying (and the process
 * alive) for about a minute after the send had given up.
 */
export const producerRetry: RetryOptions = { retries: 5, maxRetryTime: 2000 };

export function createKafka(options: KafkaConnectionOptions, retry: RetryOptions = consumerRetry): Kafka {
  return new Kafka({
    ...kafkaConnectionConfig(options),
    clientId: options.clientId,
    retry,
    logLevel: logLevel.WARN,
    logCreator: nestLogCreator,
  });
}

// We bound the idempotent producer's retries on purpose (see ReliableProducer): the
// warning kafkajs prints about it on every start is noise.
const silenced = new Set(['Limiting retries for the idempotent producer may invalidate EoS guarantees']);

/** Routes kafkajs logs through Nest's logger so they share the service's format. */
export const nestLogCreator: logCreator = () => {
  const loggers = new Map<string, Logger>();
  return ({ namespace, level: entryLevel, log }: LogEntry) => {
    let level = entryLevel;
    const { message, timestamp: _t, logger: _l, ...extra } = log;
    if (silenced.has(message)) return;
    // kafkajs logs every error response at ERROR on the connection, retriable or not; the layer
    // above (its retrier, our ReliableProducer, the consumer's crash event) reports what matters.
    if (namespace === 'Connection' && message.startsWith('Response ')) level = logLevel.DEBUG;
    const context = `kafkajs${namespace ? `:${namespace}` : ''}`;
    let logger = loggers.get(context);
    if (!logger) loggers.set(context, (logger = new Logger(context)));
    const text = Object.keys(extra).length > 0 ? `${message} ${JSON.stringify(extra)}` : message;
    if (level === logLevel.ERROR) logger.error(text);
    else if (level === logLevel.WARN) logger.warn(text);
    else if (level === logLevel.INFO) logger.log(text);
    else logger.debug(text);
  };
};

/**
 * Whether retrying later can help: connection refused or reset, timeouts, leader elections,
 * missing metadata. A protocol error kafkajs marks non-retriable (message too large, not
 * authorized...) will fail the same way again, and so will a usage error (a non-retriable
 * error with no cause, such as an invalid message) or an error that is not Kafka's.
 */
export function isTransientKafkaError(error: unknown): boolean {
  if (!(error instanceof KafkaJSError)) return false;
  let current: unknown = error;
  for (let depth = 0; current instanceof KafkaJSError && depth < 10; depth++) {
    if (current instanceof KafkaJSProtocolError) return current.retriable;
    if (current.name === 'KafkaJSServerDoesNotSupportApiKey') return false;
    if (current instanceof KafkaJSNonRetriableError && !current.cause) return false;
    current = current.cause;
  }
  return true;
}
