import { z } from 'zod';
import { csv, flag, port, positiveInt, text, url } from './env-fields';

/**
 * Express "trust proxy": `none` (trust no hop: the client is the peer of the socket) or a
 * comma-separated list of addresses, CIDRs and the names `loopback`, `linklocal`, `uniquelocal`.
 */
export const trustProxy = (fallback: string) =>
  text()
    .default(fallback)
    .refine((value) => value === 'none' || value.split(',').every((part) => /^[\w.:/-]+$/.test(part.trim())), {
      error: 'must be none, or comma-separated addresses, CIDRs or loopback, linklocal, uniquelocal',
    })
    .transform((value): string | false => (value === 'none' ? false : value))
    .describe(
      'The proxies whose X-Forwarded-For is believed (the client address of rate limits and logs): `none`, or comma-separated addresses, CIDRs and `loopback`, `linklocal`, `uniquelocal`. ' +
        'A hop not listed is the client, whatever header it sends.',
    );

/** What every HTTP process reads (the gateway included). */
export const httpServiceEnv = z.object({
  SERVICE_NAME: text().optional().describe('The service sets it to its own name at start; leave it unset.'),
  NODE_ENV: z
    .enum(['development', 'test', 'production'], { error: 'must be development, test or production' })
    .default('development')
    .describe('`production` refuses local placeholder secrets (e.g. `changeme`, values marked `local-dev-only`).'),
  PORT: port().describe('Port of the HTTP server (API, `/health/live`, `/health/ready`).'),
  METRICS_PORT: port()
    .optional()
    .describe(
      'Port of the Prometheus endpoint (`GET /metrics`), apart from PORT so that the gateway and an Ingress never expose it. Off when unset; 9464 in the manifests.',
    ),
  // Read by the OpenTelemetry SDK itself (libs/telemetry), before this schema runs: declared here
  // to be validated and documented. The other standard OTEL_* variables apply too.
  OTEL_EXPORTER_OTLP_ENDPOINT: url('http', 'https')
    .optional()
    .describe(
      'OTLP/HTTP collector (e.g. `http://otel-collector:4318`): traces of HTTP, Express, NestJS, MongoDB and Kafka are exported there. Tracing is off when unset. `OTEL_BSP_SCHEDULE_DELAY`, `OTEL_TRACES_SAMPLER` and the other standard variables apply.',
    ),
  OTEL_SERVICE_NAME: text().optional().describe('`service.name` of the spans; default the service (e.g. `invitations`).'),
  SHUTDOWN_DRAIN_MS: z.coerce
    .number({ error: 'must be a whole number of milliseconds (0 or more)' })
    .int({ error: 'must be a whole number of milliseconds (0 or more)' })
    .min(0, { error: 'must be a whole number of milliseconds (0 or more)' })
    .max(120_000, { error: 'must be at most 120000 (2 minutes)' })
    .default(0)
    .describe(
      'On SIGTERM, how long `/health/ready` answers 503 while the replica keeps serving, before HTTP stops taking connections: time for load balancers to stop sending it requests. ' +
        'Keep it below terminationGracePeriodSeconds minus the shutdown itself (about 15 s). 0: close at once (local runs).',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' })
    .default('info')
    .describe('Lowest level of the JSON logs written to stdout.'),
  // The services' default trusts private networks only (the gateway in the cluster, which sets
  // X-Forwarded-For itself); the gateway's default trusts nobody (gateway.env.ts).
  TRUST_PROXY: trustProxy('loopback, linklocal, uniquelocal'),
});

export const mongoEnv = z.object({
  MONGO_URL: url('mongodb', 'mongodb+srv').meta({
    description: 'MongoDB connection string; in production a replica set (`mongodb://user:pass@a,b,c/?replicaSet=rs0&tls=true`) or `mongodb+srv://`.',
    // It carries the database password.
    secret: true,
  }),
  MONGO_DB: text().optional().describe('Database of the service; default `portico_<service>` (each service owns its own).'),
  MONGO_COMMAND_STATS_MS: positiveInt()
    .optional()
    .describe('Diagnostics: every N ms, log per collection and command how many ran and how long they took. Off when unset.'),
});

/** SASL mechanisms a service may authenticate to Kafka with (kafkajs' names). */
export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

const kafkaFields = z.object({
  KAFKA_BROKERS: csv().describe('Bootstrap brokers, comma-separated `host:port` (e.g. `kafka-0:9093,kafka-1:9093`).'),
  // Tests give each run its own group so a developer's running stack cannot take its events.
  KAFKA_GROUP_ID: text().optional().describe('Consumer group; default the service name, so that its replicas share the partitions.'),
  // Handlers mostly wait on I/O.
  KAFKA_PARTITIONS_CONCURRENTLY: positiveInt().max(64).default(6).describe("Partitions of this replica's share handled at once."),
  KAFKA_KEY_CONCURRENCY: positiveInt()
    .max(256)
    .default(4)
    .describe('Keys of one partition handled at once; the events of one key (one aggregate) always stay in order.'),
  PROCESSED_EVENTS_RETENTION_DAYS: positiveInt()
    .max(3650)
    .default(30)
    .describe(
      "Days a consumer remembers the events it handled (so a redelivered one runs once); older records are deleted hourly. Keep it above every topic's retention and the dead-letter topics' (30 days), or a replayed message could run twice.",
    ),
  KAFKA_SSL: flag().default(false).describe('TLS to the brokers (every Kafka client of the service: producer, consumer, admin, health).'),
  KAFKA_SSL_CA_FILE: text()
    .optional()
    .describe("PEM file of the CA bundle that signed the brokers' certificates (e.g. a Strimzi cluster CA); the system CAs when unset. Needs KAFKA_SSL."),
  // Kafka's own configs spell them in capitals (SCRAM-SHA-512): either spelling is accepted.
  KAFKA_SASL_MECHANISM: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(KAFKA_SASL_MECHANISMS, { error: `must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}` }))
    .optional()
    .describe('SASL authentication to the brokers; unset: none. Needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD.'),
  KAFKA_SASL_USERNAME: text().optional().describe('SASL user (with KAFKA_SASL_MECHANISM).'),
  KAFKA_SASL_PASSWORD: text().optional().describe('SASL password (with KAFKA_SASL_MECHANISM). A secret: give it as KAFKA_SASL_PASSWORD_FILE.'),
  // Where a platform team owns the topics (e.g. Strimzi KafkaTopic resources), services have
  // no right to create them: they check at start-up that each one they need exists instead.
  KAFKA_TOPICS_CREATE: flag()
    .default(true)
    .describe('Create missing topics at start-up. false: never create them; start-up fails naming each topic that does not exist.'),
});

type KafkaSecurityInput = Partial<
  Record<'NODE_ENV' | 'KAFKA_SSL' | 'KAFKA_SSL_CA_FILE' | 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD', unknown>
>;

/**
 * Rules across the Kafka security variables. A setting that would be silently ignored is an
 * error: credentials without a mechanism would connect unauthenticated, a CA file without
 * KAFKA_SSL would connect in clear text.
 */
function checkKafkaSecurity(config: KafkaSecurityInput, ctx: z.RefinementCtx): void {
  const mechanism = config.KAFKA_SASL_MECHANISM;
  if (mechanism !== undefined) {
    for (const variable of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (config[variable] === undefined) ctx.addIssue({ code: 'custom', path: [variable], message: 'is required when KAFKA_SASL_MECHANISM is set' });
    }
  } else if (config.KAFKA_SASL_USERNAME !== undefined || config.KAFKA_SASL_PASSWORD !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['KAFKA_SASL_MECHANISM'],
      message: `is required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set (one of ${KAFKA_SASL_MECHANISMS.join(', ')})`,
    });
  }
  if (mechanism === 'plain' && config.KAFKA_SSL === false && config.NODE_ENV === 'production') {
    ctx.addIssue({
      code: 'custom',
      path: ['KAFKA_SASL_MECHANISM'],
      message: 'plain sends the password in clear text: production needs KAFKA_SSL=true with it',
    });
  }
  if (config.KAFKA_SSL_CA_FILE !== undefined && config.KAFKA_SSL === false) {
    ctx.addIssue({ code: 'custom', path: ['KAFKA_SSL_CA_FILE'], message: 'is only used with KAFKA_SSL=true (set it, or unset KAFKA_SSL_CA_FILE)' });
  }
}

// Also when other variables are invalid: one failed boot names every problem.
const alwaysCheck = { when: () => true };

/**
 * Kafka connection settings. `.shape` leaves the cross-variable rules behind: a schema built
 * from it applies them with `withKafkaRules` (baseServiceEnv does).
 */
export const kafkaEnv = kafkaFields.superRefine(checkKafkaSecurity, alwaysCheck);

export function withKafkaRules<S extends z.ZodObject>(schema: S): S {
  return schema.superRefine(checkKafkaSecurity as (config: unknown, ctx: z.RefinementCtx) => void, alwaysCheck) as S;
}

/** How a service verifies access tokens issued by identity. */
export const jwtVerifyEnv = z.object({
  JWKS_URI: url('http', 'https').describe("Identity's JWKS (`<identity>/api/identity/.well-known/jwks.json`): the keys access tokens are verified with."),
  JWT_ISSUER: text().default('portico-identity').describe('`iss` that access tokens must carry (and identity signs).'),
  JWT_AUDIENCE: text().default('portico').describe('`aud` that access tokens must carry (and identity signs).'),
});

/** A domain service: HTTP + its own database + Kafka + token verification. */
export const baseServiceEnv = withKafkaRules(httpServiceEnv.extend(mongoEnv.shape).extend(kafkaEnv.shape).extend(jwtVerifyEnv.shape));

export type HttpServiceConfig = z.output<typeof httpServiceEnv>;
export type BaseServiceConfig = z.output<typeof baseServiceEnv>;
