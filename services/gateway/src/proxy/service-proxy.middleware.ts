import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import { CORRELATION_HEADER, setMetricsRoute } from '@portico/platform';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { Agent as HttpAgent, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import type { GatewayConfig } from '../gateway.env';
import { routeFor, serviceRoutes, ServiceRoute } from '../routes';

const IDLE_SOCKET_MS = 4_000;

/**
 * Streams `/api/<service>/...` to the owning service, path and headers (Authorization
 * included) unchanged. Runs as Nest middleware, after the request logger has assigned the
 * correlation id, which is passed on so the service logs under the same id.
 */
@Injectable()
export class ServiceProxyMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Proxy');
  private readonly routes: ServiceRoute[];
  private readonly proxies = new Map<ServiceRoute['service'], RequestHandler>();
  // Reuse connections to the services instead of a TCP handshake per request. An idle socket
  // is dropped after 4 s, before the service's keep-alive timeout (5 s, Node's default) can
  // close it under a request being sent: that race answered 502 "socket hang up".
  private readonly agents = { http: new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }), https: new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }) };

  constructor(@InjectConfig() config: GatewayConfig) {
    this.routes = serviceRoutes(config);
    for (const route of this.routes) {
      this.proxies.set(
        route.service,
        createProxyMiddleware<Request, Response>({
          target: route.baseUrl,
          agent: route.baseUrl.startsWith('https:') ? this.agents.https : this.agents.http,
          changeOrigin: true,
          xfwd: true,
          proxyTimeout: config.UPSTREAM_TIMEOUT_MS,
          on: {
            proxyReq: (proxyReq, req) => {
              proxyReq.setHeader(CORRELATION_HEADER, String((req as Request & { id?: unknown }).id ?? ''));
              // The client address as the gateway determined it (TRUST_PROXY), replacing whatever
              // X-Forwarded-For the caller sent: the services trust the gateway's word, and only its.
              proxyReq.setHeader('x-forwarded-for', req.ip ?? req.socket.remoteAddress ?? '');
            },
            error: (error, _req, res) => this.unavailable(route, error, res),
          },
        }),
      );
    }
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const route = routeFor(this.routes, req.originalUrl);
    const proxy = route && this.proxies.get(route.service);
    if (!proxy) return next();
    setMetricsRoute(res, `/api/${route.service}/*`);
    // A Nest middleware may be mounted below a path that express strips from req.url.
    req.url = req.originalUrl;
    void proxy(req, res, next);
  }

  private unavailable(route: ServiceRoute, error: Error, res: ServerResponse | Socket): void {
    this.logger.warn(`${route.service} unreachable: ${error.message}`);
    if (!('writeHead' in res)) return void res.destroy();
    if (res.headersSent) return void res.end();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ statusCode: 502, error: 'Bad Gateway', message: `The ${route.service} service is unavailable` }));
  }
}
