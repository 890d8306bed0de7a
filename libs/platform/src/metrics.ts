import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createServer, type Server } from 'node:http';
import { registeredMetric } from '@portico/messaging';
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

// Prometheus metrics of one process: prom-client's default registry, so the libraries
// (messaging, outbox) and the services add their own metrics to the same `/metrics`. It is
// served on METRICS_PORT, a port of its own: the gateway proxies only `/api/<service>/...` and
// an Ingress routes only the gateway's port, so metrics are never reachable from outside.

const logger = new Logger('Metrics');

/** Once per process: every series carries `service`, plus the default process metrics. */
export function initMetrics(service: string): void {
  if (register.getSingleMetric('process_cpu_user_seconds_total')) return;
  register.setDefaultLabels({ service });
  collectDefaultMetrics();
}

const ROUTE_LABEL = 'porticoMetricsRoute';

/** For requests no Nest route handles (the gateway's proxy): the `route` label to count them under. */
export function setMetricsRoute(res: Response, route: string): void {
  res.locals[ROUTE_LABEL] = route;
}

/**
 * Express middleware: counts and times every request by method, route template (never the raw
 * path, whose ids would make a series per request) and status code.
 */
export function httpMetricsMiddleware() {
  const labelNames = ['method', 'route', 'status_code'];
  const requests = registeredMetric(
    'portico_http_requests_total',
    () => new Counter({ name: 'portico_http_requests_total', help: 'HTTP requests answered, by route template and status code.', labelNames }),
  );
  const duration = registeredMetric(
    'portico_http_request_duration_seconds',
    () =>
      new Histogram({
        name: 'portico_http_request_duration_seconds',
        help: 'Time from the request arriving to the response being sent, by route template and status code.',
        labelNames,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      }),
  );
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : ((res.locals[ROUTE_LABEL] as string | undefined) ?? 'unmatched');
      const labels = { method: req.method, route, status_code: String(res.statusCode) };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

export type SampleAggregate = 'sum' | 'max';

interface Sampled {
  gauge: Gauge;
  sources: Set<() => Promise<number>>;
}

const sampled = new Map<string, Sampled>();

/**
 * A gauge read from the database when Prometheus scrapes (queue depths, oldest pending event):
 * nothing is counted in memory, so every replica reports the same shared truth. Several sources
 * (apps in one test process) are summed or maxed. A source that fails or takes over 2 s leaves
 * the gauge at NaN for that scrape rather than failing the whole scrape. Returns a function
 * that removes the source (call it when the app closes).
 */
export function sampledGauge(name: string, help: string, source: () => Promise<number>, aggregate: SampleAggregate = 'sum'): () => void {
  let entry = sampled.get(name);
  if (!entry) {
    const sources = new Set<() => Promise<number>>();
    const gauge = new Gauge({
      name,
      help,
      async collect() {
        const values = await Promise.all([...sources].map((read) => sample(name, read)));
        if (values.length === 0) return;
        this.set(aggregate === 'sum' ? values.reduce((a, b) => a + b, 0) : Math.max(...values));
      },
    });
    entry = { gauge, sources };
    sampled.set(name, entry);
  }
  entry.sources.add(source);
  const { sources } = entry;
  return () => void sources.delete(source);
}

async function sample(name: string, read: () => Promise<number>): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([read(), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer within 2000 ms')), 2000)))]);
  } catch (error) {
    logger.warn(`${name} could not be sampled: ${error instanceof Error ? error.message : String(error)}`);
    return Number.NaN;
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /metrics` (Prometheus text format) on a port of its own; anything else is 404. */
export async function serveMetrics(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: metrics are served at GET /metrics\n');
      return;
    }
    register.metrics().then(
      (text) => res.writeHead(200, { 'content-type': register.contentType }).end(text),
      (error: unknown) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
