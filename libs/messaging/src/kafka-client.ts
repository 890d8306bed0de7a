import { Logger } from '@nestjs/common';
import { Kafka, KafkaJSError, KafkaJSNonRetriableError, KafkaJSProtocolError, logLevel, type LogEntry, type logCreator, type RetryOptions } from 'kafkajs';

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
}

/**
 * The retry budget measured on the local broker (INFRA.md): with kafkajs' defaults a broker
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
    clientId: options.clientId,
    brokers: options.brokers,
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
