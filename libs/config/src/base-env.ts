import { z } from 'zod';
import { csv, port, positiveInt, text, url } from './env-fields';

/** What every HTTP process reads (the gateway included). */
export const httpServiceEnv = z.object({
  SERVICE_NAME: text().optional(),
  NODE_ENV: z.enum(['development', 'test', 'production'], { error: 'must be development, test or production' }).default('development'),
  PORT: port(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' })
    .default('info'),
  // Express "trust proxy": which hops may set X-Forwarded-For. The default trusts private
  // networks only (the gateway in the cluster), so clients cannot spoof their IP.
  TRUST_PROXY: text().default('loopback, linklocal, uniquelocal'),
});

export const mongoEnv = z.object({
  MONGO_URL: url('mongodb', 'mongodb+srv'),
  // Defaults to portico_<service> (see MongoModule.forService).
  MONGO_DB: text().optional(),
  // Diagnostics: every N ms, log per collection and command how many ran and how long they
  // took (driver command monitoring). Off by default.
  MONGO_COMMAND_STATS_MS: positiveInt().optional(),
});

export const kafkaEnv = z.object({
  KAFKA_BROKERS: csv(),
  // Consumer group; defaults to the service name so that its replicas share the partitions.
  // Tests give each run its own group so a developer's running stack cannot take its events.
  KAFKA_GROUP_ID: text().optional(),
  // Partitions of this replica's share handled at once, and keys of one partition handled at
  // once (order always holds per key, i.e. per aggregate). Handlers mostly wait on I/O.
  KAFKA_PARTITIONS_CONCURRENTLY: positiveInt().max(64).default(6),
  KAFKA_KEY_CONCURRENCY: positiveInt().max(256).default(4),
});

/** How a service verifies access tokens issued by identity. */
export const jwtVerifyEnv = z.object({
  JWKS_URI: url('http', 'https'),
  JWT_ISSUER: text().default('portico-identity'),
  JWT_AUDIENCE: text().default('portico'),
});

/** A domain service: HTTP + its own database + Kafka + token verification. */
export const baseServiceEnv = httpServiceEnv.extend(mongoEnv.shape).extend(kafkaEnv.shape).extend(jwtVerifyEnv.shape);

export type HttpServiceConfig = z.output<typeof httpServiceEnv>;
export type BaseServiceConfig = z.output<typeof baseServiceEnv>;
