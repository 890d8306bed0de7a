import {
  DynamicModule,
  INestApplication,
  Injectable,
  Logger as NestLogger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  RequestMethod,
  Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, ConfigModule, EnvSource, HttpServiceConfig, InjectConfig, loadConfig } from '@portico/config';
import { Logger, LoggerModule } from 'nestjs-pino';
import { z } from 'zod';
import { KafkaReadiness } from './health/kafka.readiness';
import { HealthModule } from './health/health.module';
import { MongoReadiness } from './health/mongo.readiness';
import { ReadinessIndicator } from './health/readiness';
import { loggerParams } from './logging';
import { httpMetricsMiddleware, initMetrics, serveMetrics } from './metrics';
import { ShutdownState } from './health/shutdown-state';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { setupOpenApi } from './openapi';
import { createValidationPipe } from './validation';
import { kafkaConnectionFromConfig, MissingTopicsError, type KafkaConnectionConfig } from '@portico/messaging';
import { ensureServiceTopics, type ServiceKafkaConfig } from './events';
import { stopTracing } from '@portico/telemetry';

export interface ServiceDefinition<S extends z.ZodObject> {
  /** Short name: `clients`. Used for the route prefix, the log `service` field and the database name. */
  name: string;
  /** The service's environment schema (usually `baseServiceEnv.extend({...})`). */
  env: S;
  /** The service's root module. The config (APP_CONFIG), logger and health module are provided around it. */
  module: Type<unknown> | DynamicModule;
  /** Route prefix; health routes stay outside it. Default `api/<name>`. */
  globalPrefix?: string;
  /** Checks behind `/health/ready`. Default: MongoDB and Kafka. */
  readiness?: Type<ReadinessIndicator>[];
  /** Serve `/<prefix>/docs-json`. Default true. */
  openApi?: boolean;
  /** Parse JSON bodies. The gateway turns it off to stream bodies through. Default true. */
  bodyParser?: boolean;
  /**
   * Express-level setup that must run before Nest registers its routes (static assets...).
   * Middleware added here runs before the request logger; use a Nest middleware otherwise.
   */
  configure?: (app: NestExpressApplication, config: Readonly<z.output<S>>) => void;
  /** Topics this service needs are created at start-up (all declared topics + its dead-letter topic). */
  events?: boolean;
  /** Transports (e.g. the Kafka event server) started with the app, before HTTP listens. */
  microservices?: (app: INestApplication, config: Readonly<z.output<S>>) => CustomTransportStrategy[];
}

export interface ServiceApp<S extends z.ZodObject> {
  app: NestExpressApplication;
  config: Readonly<z.output<S>>;
}

/** Leaves a trace that shutdown hooks ran (Nest then re-raises the signal to end the process). */
@Injectable()
class ShutdownLog implements OnApplicationShutdown {
  onApplicationShutdown(signal?: string): void {
    new NestLogger('Lifecycle').log(`Stopped${signal ? ` on ${signal}` : ''}`);
  }
}

/** `GET /metrics` on METRICS_PORT while the app runs (none when unset); closed last, so a drain can still be watched. */
@Injectable()
class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(@InjectConfig() private readonly config: HttpServiceConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.METRICS_PORT === undefined) return;
    try {
      this.server = await serveMetrics(this.config.METRICS_PORT);
    } catch (error) {
      throw new Error(`METRICS_PORT=${this.config.METRICS_PORT}: cannot serve metrics there (${error instanceof Error ? error.message : String(error)})`);
    }
    new NestLogger('Metrics').log(`Prometheus metrics at http://localhost:${this.config.METRICS_PORT}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function asHttpConfig(config: unknown): HttpServiceConfig {
  return config as HttpServiceConfig;
}

/**
 * Builds the configured application without listening (what tests need). Throws ConfigError
 * when the environment is invalid.
 */
export async function createServiceApp<S extends z.ZodObject>(definition: ServiceDefinition<S>, env: EnvSource = process.env): Promise<ServiceApp<S>> {
  const config = loadConfig(definition.env, { SERVICE_NAME: definition.name, ...env });
  // The Kafka connection reads KAFKA_SSL_CA_FILE: a bad file is a ConfigError now, like any
  // other variable, not an error in the middle of Nest's start (the connection is kept for its clients).
  if ('KAFKA_BROKERS' in config) kafkaConnectionFromConfig(config as unknown as KafkaConnectionConfig);
  const http = asHttpConfig(config);
  // Without METRICS_PORT nothing is scraped: no process collectors and no per-request timing.
  // (The libraries' counters still count; they cost an increment.)
  const metrics = http.METRICS_PORT !== undefined;
  if (metrics) initMetrics(definition.name);
  const prefix = definition.globalPrefix ?? `api/${definition.name}`;

  @Module({
    imports: [
      ConfigModule.forValue(config),
      LoggerModule.forRoot(loggerParams(definition.name, http.LOG_LEVEL)),
      HealthModule.forIndicators(definition.readiness ?? [MongoReadiness, KafkaReadiness]),
      definition.module,
    ],
    providers: [ShutdownLog, MetricsEndpoint],
  })
  class ServiceRootModule {}

  const app = await NestFactory.create<NestExpressApplication>(ServiceRootModule, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: definition.bodyParser ?? true,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', http.TRUST_PROXY);
  app.disable('x-powered-by');
  if (metrics) app.use(httpMetricsMiddleware());
  // Once draining, every response closes its connection: a keep-alive client (the gateway's pool,
  // a load balancer, a probe) would otherwise go on using this replica on a connection it already
  // has, and keep the HTTP server from ever closing.
  const shutdown = app.get(ShutdownState);
  app.use((_req: Request, res: Response, next: NextFunction) => {
    if (shutdown.draining) res.setHeader('connection', 'close');
    next();
  });
  app.setGlobalPrefix(prefix, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      // The gateway's view of every service.
      { path: 'health/services', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  if (definition.openApi ?? true) setupOpenApi(app, definition.name, prefix);
  definition.configure?.(app, config);
  for (const strategy of definition.microservices?.(app, config) ?? []) {
    app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  }
  return { app, config };
}

/**
 * Entry point of every service's main.ts: validate the environment, build the app, start its
 * transports, listen on PORT. Invalid configuration or a failed start: one line on stderr, exit 1.
 */
export async function bootstrapService<S extends z.ZodObject>(definition: ServiceDefinition<S>): Promise<INestApplication | undefined> {
  try {
    const { app, config } = await createServiceApp(definition);
    drainOnSignals(app, asHttpConfig(config).SHUTDOWN_DRAIN_MS);
    if (definition.events) await ensureServiceTopics(definition.name, config as unknown as ServiceKafkaConfig);
    if (definition.microservices) await app.startAllMicroservices();
    await app.listen(asHttpConfig(config).PORT);
    return app;
  } catch (error) {
    process.stderr.write(`${definition.name}: ${startFailure(error)}\n`);
    process.exit(1);
  }
}

/**
 * SIGTERM (Kubernetes, compose) or SIGINT: readiness turns 503 at once while the replica keeps
 * serving for `drainMs` (load balancers stop sending it requests), then Nest's shutdown runs:
 * the outbox relay and the scheduled jobs stop claiming and release what they claimed (module
 * destroy), notifications' dispatcher finishes its SMTP attempts (before shutdown), HTTP stops
 * accepting and waits for the requests in flight, the Kafka consumer finishes its batch and
 * leaves the group (dispose), then producer and database close. The signal is re-raised at the
 * end so the process exits with it. A second signal during all this is ignored.
 */
function drainOnSignals(app: INestApplication, drainMs: number): void {
  const logger = new NestLogger('Lifecycle');
  let received = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) return;
    received = true;
    app.get(ShutdownState).beginDraining();
    logger.log(`${signal}: not ready from now on${drainMs > 0 ? `; still serving for ${drainMs} ms` : ''}, then shutting down`);
    void new Promise((resolve) => setTimeout(resolve, drainMs))
      // Nest's close takes the signal (passed to the shutdown hooks) though its type does not say so.
      .then(() => (app as unknown as { close(signal?: string): Promise<void> }).close(signal))
      .then(() => stopTracing().catch(() => undefined))
      .then(
        () => {
          process.removeListener('SIGTERM', onSignal);
          process.removeListener('SIGINT', onSignal);
          process.kill(process.pid, signal);
        },
        (error: unknown) => {
          logger.error(`Shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** One line for the failures an operator fixes outside the code; the stack for anything else. */
function startFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof MissingTopicsError) {
    return `Failed to start: ${error.message}. KAFKA_TOPICS_CREATE=false, so this service does not create topics: create them (as declared) first`;
  }
  return `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
