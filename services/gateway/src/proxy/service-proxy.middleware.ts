import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import { CORRELATION_HEADER, setMetricsRoute } from '@portico/platform';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { Agent as HttpAgent, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import type { GatewayConfig } from '../gateway.env';
import { routeFor, serviceRoutes, ServiceName, ServiceRoute } from '../routes';
import { isConnectionFailure } from '../upstreams/failures';
import { Upstreams } from '../upstreams/upstreams';

const IDLE_SOCKET_MS = 4_000;

/** Methods that may run twice: a reset may come after the member received the request. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
/** http-proxy appends the gateway's hop to these in req.headers (xfwd) on every send. */
const FORWARDED_HEADERS = ['x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto'] as const;

/** One request's way through the members of its service. */
interface Attempt {
  /** The member it was last sent to. */
  target: string;
  tried: Set<string>;
  responded: boolean;
  timedOut: boolean;
  /** The caller's X-Forwarded-* headers, as they were before the first send. */
  forwarded: Partial<Record<(typeof FORWARDED_HEADERS)[number], string | string[]>>;
  next: NextFunction;
}

/**
 * Streams `/api/<service>/...` to the owning service, path and headers (Authorization
 * included) unchanged. Runs as Nest middleware, after the request logger has assigned the
 * correlation id, which is passed on so the service logs under the same id.
 *
 * A service given several base URLs (replicas) is balanced by its UpstreamPool. A request that
 * could not reach its member, and got nothing back, is sent to another: always when the
 * connection was refused (nothing was sent), after a reset only for GET, HEAD and OPTIONS
 * (the member may have run it). Never once any of its body was read: it cannot be read again.
 */
@Injectable()
export class ServiceProxyMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Proxy');
  private readonly routes: ServiceRoute[];
  /** Per service, one proxy per member (each with its own target and agent). */
  private readonly proxies = new Map<ServiceName, Map<string, RequestHandler>>();
  private readonly attempts = new WeakMap<IncomingMessage, Attempt>();
  // Reuse connections to the services instead of a TCP handshake per request. An idle socket
  // is dropped after 4 s, before the service's keep-alive timeout (5 s, Node's default) can
  // close it under a request being sent: that race answered 502 "socket hang up".
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
    https: new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  };

  constructor(
    @InjectConfig() config: GatewayConfig,
    private readonly upstreams: Upstreams,
  ) {
    this.routes = serviceRoutes(config);
    for (const route of this.routes) {
      this.proxies.set(route.service, new Map(route.baseUrls.map((target) => [target, this.proxyTo(route, target, config.UPSTREAM_TIMEOUT_MS)])));
    }
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const route = routeFor(this.routes, req.originalUrl);
    if (!route) return next();
    setMetricsRoute(res, `/api/${route.service}/*`);
    // A Nest middleware may be mounted below a path that express strips from req.url.
    req.url = req.originalUrl;
    const forwarded: Attempt['forwarded'] = {};
    for (const name of FORWARDED_HEADERS) forwarded[name] = req.headers[name];
    this.send(route, this.upstreams.pool(route.service).pick(), req, res, { tried: new Set(), forwarded, next });
  }

  private send(route: ServiceRoute, target: string, req: Request, res: Response, earlier: Pick<Attempt, 'tried' | 'forwarded' | 'next'>): void {
    const attempt: Attempt = { ...earlier, target, responded: false, timedOut: false };
    attempt.tried.add(target);
    this.attempts.set(req, attempt);
    // Each send starts from the caller's headers: a resend must not carry the hop appended by the send before.
    for (const name of FORWARDED_HEADERS) {
      if (attempt.forwarded[name] === undefined) delete req.headers[name];
      else req.headers[name] = attempt.forwarded[name];
    }
    void this.proxies.get(route.service)?.get(target)?.(req, res, attempt.next);
  }

  private proxyTo(route: ServiceRoute, target: string, timeoutMs: number): RequestHandler {
    return createProxyMiddleware<Request, Response>({
      target,
      agent: target.startsWith('https:') ? this.agents.https : this.agents.http,
      changeOrigin: true,
      xfwd: true,
      proxyTimeout: timeoutMs,
      on: {
        proxyReq: (proxyReq, req) => {
          proxyReq.setHeader(CORRELATION_HEADER, String((req as Request & { id?: unknown }).id ?? ''));
          // The client address as the gateway determined it (TRUST_PROXY), replacing whatever
          // X-Forwarded-For the caller sent: the services trust the gateway's word, and only its.
          proxyReq.setHeader('x-forwarded-for', req.ip ?? req.socket.remoteAddress ?? '');
          // A request past UPSTREAM_TIMEOUT_MS may still be running there: neither resent nor
          // counted against the member (http-proxy aborts it, which reads as a hang-up).
          proxyReq.once('timeout', () => this.current(req, target, (attempt) => (attempt.timedOut = true)));
        },
        proxyRes: (_proxyRes, req) => this.current(req, target, (attempt) => (attempt.responded = true)),
        error: (error, req, res) => this.failed(route, target, error, req as Request, res),
      },
    });
  }

  /** Runs `update` on the request's attempt if it is the one sent to `target`. */
  private current(req: IncomingMessage, target: string, update: (attempt: Attempt) => void): void {
    const attempt = this.attempts.get(req);
    if (attempt?.target === target) update(attempt);
  }

  private failed(route: ServiceRoute, target: string, error: Error & { code?: string }, req: Request, res: ServerResponse | Socket): void {
    const attempt = this.attempts.get(req);
    // http-proxy leaves each send's listeners on req: only the latest send's failure counts.
    if (attempt && attempt.target !== target) return;
    const unreachable = attempt !== undefined && !attempt.responded && !attempt.timedOut && isConnectionFailure(error.code) && !req.socket.destroyed;
    if (unreachable) {
      const pool = this.upstreams.pool(route.service);
      pool.markDown(target, error.code ?? error.message);
      const resendable = (error.code === 'ECONNREFUSED' || IDEMPOTENT.has(req.method)) && !req.readableDidRead;
      const other = resendable && 'writeHead' in res && !res.headersSent ? pool.pickOther(attempt.tried) : undefined;
      if (other) {
        this.logger.warn(`${route.service} ${target} unreachable (${error.message}): ${req.method} sent to ${other}`);
        return this.send(route, other, req, res as Response, attempt);
      }
    }
    this.unavailable(route, error, res);
  }

  private unavailable(route: ServiceRoute, error: Error, res: ServerResponse | Socket): void {
    this.logger.warn(`${route.service} unreachable: ${error.message}`);
    if (!('writeHead' in res)) return void res.destroy();
    if (res.headersSent) return void res.end();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ statusCode: 502, error: 'Bad Gateway', message: `The ${route.service} service is unavailable` }));
  }
}
