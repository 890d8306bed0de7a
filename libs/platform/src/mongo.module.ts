import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { APP_CONFIG } from '@portico/config';
import type { ConnectOptions, Connection, Model, Schema } from 'mongoose';
import { DatabaseUnavailableFilter } from './database-unavailable.filter';
import { errorMessage } from './health/readiness';

interface MongoConfig {
  MONGO_URL: string;
  MONGO_DB?: string;
  MONGO_COMMAND_STATS_MS?: number;
}

/** Logs, every `intervalMs`, count / total / max duration per collection and command (diagnostics). */
function logCommandStats(connection: Connection, intervalMs: number, logger: Logger): void {
  const stats = new Map<string, { count: number; totalMs: number; maxMs: number }>();
  const collectionOf = new Map<number, string>();
  const client = connection.getClient();
  client.on('commandStarted', (event) => {
    const collection = event.command[event.commandName];
    collectionOf.set(event.requestId, typeof collection === 'string' ? collection : '-');
  });
  client.on('commandSucceeded', (event) => {
    const key = `${collectionOf.get(event.requestId) ?? '-'}.${event.commandName}`;
    collectionOf.delete(event.requestId);
    const entry = stats.get(key) ?? { count: 0, totalMs: 0, maxMs: 0 };
    entry.count += 1;
    entry.totalMs += event.duration;
    entry.maxMs = Math.max(entry.maxMs, event.duration);
    stats.set(key, entry);
  });
  client.on('commandFailed', (event) => collectionOf.delete(event.requestId));
  setInterval(() => {
    if (stats.size === 0) return;
    const lines = [...stats.entries()]
      .sort((a, b) => b[1].totalMs - a[1].totalMs)
      .map(([key, s]) => `${key} n=${s.count} total=${Math.round(s.totalMs)}ms avg=${(s.totalMs / s.count).toFixed(1)}ms max=${Math.round(s.maxMs)}ms`);
    logger.log(`command stats (${intervalMs} ms): ${lines.join('; ')}`);
    stats.clear();
  }, intervalMs).unref();
}

/**
 * Mongoose creates each model's indexes when the service starts (autoIndex), in every replica;
 * a build that fails (a unique index over duplicates, another definition under the same name)
 * leaves the service running without that index, and mongoose only tells the model. Say it in
 * the log, naming collection and keys, never the duplicate values the error also carries.
 */
function logFailedIndexBuilds(connection: Connection, logger: Logger): void {
  connection.plugin((schema: Schema) => {
    schema.on('init', (model: Model<unknown>) => {
      model.on('index', (error?: Error & { codeName?: string; code?: number; keyPattern?: object }) => {
        if (!error) return;
        const reason = error.codeName ?? (error.code === undefined ? error.name : `code ${error.code}`);
        const keys = error.keyPattern ? ` on keys ${JSON.stringify(error.keyPattern)}` : '';
        logger.error(`Index build failed for collection ${model.collection.collectionName}${keys} (${reason}): the service runs without that index`);
      });
    });
  });
}

const RETRY_DELAY_MS = 2000;

/**
 * The driver reconnects by itself once a first connection succeeded, but mongoose gives up
 * on a failed *initial* connection. Keep trying in the background so a service that booted
 * while the database was down becomes ready when it comes back (readiness reports it meanwhile).
 */
function keepConnecting(connection: Connection, uri: string, options: ConnectOptions, logger: Logger): Connection {
  let stopped = false;
  connection.once('close', () => (stopped = true));
  const attempt = (pending: Promise<unknown>) => {
    pending.then(
      () => logger.log(`Connected to MongoDB database ${options.dbName}`),
      (error: unknown) => {
        if (stopped) return;
        logger.warn(`MongoDB not reachable (${errorMessage(error)}); retrying in ${RETRY_DELAY_MS} ms`);
        setTimeout(() => !stopped && attempt(connection.openUri(uri, options)), RETRY_DELAY_MS).unref();
      },
    );
  };
  attempt(connection.asPromise());
  return connection;
}

@Module({})
export class MongoModule {
  /** Connects to MONGO_URL, database MONGO_DB or `portico_<service>` (each service owns its own). */
  static forService(service: string): DynamicModule {
    return {
      module: MongoModule,
      imports: [
        MongooseModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: MongoConfig) => {
            // bufferTimeoutMS is a mongoose connection option its ConnectOptions type does not list.
            const options: ConnectOptions & { bufferTimeoutMS: number } = {
              dbName: config.MONGO_DB ?? `portico_${service}`,
              // Fail an operation (and readiness) within seconds when the server is gone
              // rather than the driver's 30 s; notice a returning server within 5 s.
              serverSelectionTimeoutMS: 3000,
              heartbeatFrequencyMS: 5000,
              // Same budget for operations queued before the first connection (default 10 s).
              bufferTimeoutMS: 3000,
              monitorCommands: config.MONGO_COMMAND_STATS_MS !== undefined,
            };
            const logger = new Logger('MongoModule');
            return {
              uri: config.MONGO_URL,
              ...options,
              // Boot without waiting for the database: a k8s pod must answer its probes.
              lazyConnection: true,
              connectionFactory: (connection: Connection) => {
                if (config.MONGO_COMMAND_STATS_MS !== undefined) logCommandStats(connection, config.MONGO_COMMAND_STATS_MS, logger);
                logFailedIndexBuilds(connection, logger);
                return keepConnecting(connection, config.MONGO_URL, options, logger);
              },
            };
          },
        }),
      ],
      providers: [{ provide: APP_FILTER, useClass: DatabaseUnavailableFilter }],
    };
  }
}
