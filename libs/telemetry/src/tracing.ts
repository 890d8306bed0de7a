import type { NodeSDK } from '@opentelemetry/sdk-node';
import { basename, dirname, sep } from 'node:path';

export type Env = Record<string, string | undefined>;

/** Tracing is on when an OTLP endpoint is configured (the standard OpenTelemetry variables) and the SDK is not disabled. */
export function tracingEnabled(env: Env): boolean {
  if ((env.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * `OTEL_SERVICE_NAME`, else the service whose `main.js` runs (`.../services/<name>/src/main.js`,
 * as built and as bundled in the image), else `portico`.
 */
export function serviceNameOf(env: Env, main: string | undefined): string {
  if (env.OTEL_SERVICE_NAME) return env.OTEL_SERVICE_NAME;
  if (main && basename(main) === 'main.js') {
    const parts = dirname(main).split(sep);
    const at = parts.lastIndexOf('services');
    if (at >= 0 && parts[at + 1]) return parts[at + 1]!;
  }
  return 'portico';
}

let started: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry SDK: spans of HTTP (in and out), Express, NestJS and MongoDB, exported
 * by OTLP over HTTP (the standard `OTEL_EXPORTER_OTLP_*` and `OTEL_BSP_*` variables apply).
 * Kafka spans are made by @portico/messaging itself, so that an event carries the trace of the
 * request that wrote it through the outbox. Must run before those modules are loaded: a service's
 * `main.ts` imports `@portico/telemetry` first. Does nothing when tracing is off (the default locally).
 */
export function startTracing(env: Env = process.env, main: string | undefined = process.argv[1]): boolean {
  if (started || !tracingEnabled(env)) return false;
  // Loaded only when tracing is on: the SDK, its exporters and instrumentations are hundreds of
  // modules a service would otherwise load, and keep in memory, for nothing.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { diag, DiagLogLevel } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { MongoDBInstrumentation } = require('@opentelemetry/instrumentation-mongodb') as typeof import('@opentelemetry/instrumentation-mongodb');
  const { NestInstrumentation } = require('@opentelemetry/instrumentation-nestjs-core') as typeof import('@opentelemetry/instrumentation-nestjs-core');
  const { NodeSDK: Sdk } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (env.OTEL_LOG_LEVEL?.toLowerCase() === 'debug')
    diag.setLogger({ error: console.error, warn: console.warn, info: console.warn, debug: console.warn, verbose: console.warn }, DiagLogLevel.DEBUG);
  started = new Sdk({
    serviceName: serviceNameOf(env, main),
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      // Probes and scrapes are not traced: they would drown the traces people look for.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => (req.url ?? '').startsWith('/health/') || (req.url ?? '') === '/metrics' }),
      new ExpressInstrumentation(),
      new NestInstrumentation(),
      // Only within a trace: the background loops' polls would otherwise each be a trace of their own.
      new MongoDBInstrumentation({ requireParentSpan: true, dbStatementSerializer: statementShape }),
    ],
  });
  started.start();
  return true;
}

/** Exports the spans still buffered (bootstrap calls it at the end of a graceful shutdown). */
export async function stopTracing(): Promise<void> {
  await started?.shutdown();
  started = undefined;
}

/**
 * `db.query.text` of a MongoDB span: the command's shape to three levels, values as `?`, arrays as
 * their length. The instrumentation's default walks the whole command through a replacer
 * function, and it does so before sampling, for every command inside a trace: a bulk write of
 * 100 invitations with their outbox events, for one. Enough to tell which filter ran.
 */
export function statementShape(command: Record<string, unknown>): string {
  const shape = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return `[${value.length}]`;
    // Values, and objects that are values (ObjectId, Date, Binary): `?`.
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return '?';
    if (depth === 3) return '{...}';
    const keys = Object.keys(value);
    const shaped: Record<string, unknown> = {};
    for (const key of keys.slice(0, 20)) shaped[key] = shape((value as Record<string, unknown>)[key], depth + 1);
    if (keys.length > 20) shaped['...'] = `${keys.length - 20} more`;
    return shaped;
  };
  return JSON.stringify(shape(command, 0));
}
