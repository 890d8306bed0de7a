import { Logger } from '@nestjs/common';
import { loadConfig } from '@portico/config';
import type { Request, Response } from 'express';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { gatewayEnv } from '../gateway.env';
import { Upstreams } from '../upstreams/upstreams';
import { ServiceProxyMiddleware } from './service-proxy.middleware';

const servers: Server[] = [];

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A replica that answers every request, recording what it received. */
async function answering() {
  const seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const { url } = await listen((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ answeredBy: url }));
    });
  });
  return { url, seen };
}

/** A replica that drops the connection of every request it receives (after receiving it). */
async function resetting() {
  const seen = { requests: 0 };
  const { url } = await listen((req) => {
    seen.requests++;
    req.socket.destroy();
  });
  return { url, seen };
}

/** A replica that never answers. */
async function hanging() {
  return (await listen(() => undefined)).url;
}

/** An address where nothing listens: the connection is refused. */
async function closed(): Promise<string> {
  const { server, url } = await listen(() => undefined);
  servers.splice(servers.indexOf(server), 1);
  await new Promise((resolve) => server.close(resolve));
  return url;
}

/**
 * The gateway's proxy in front of the given clients replicas. Its pools are never started, as
 * between two checks: every member is believed ready, so a request meets a replica that is gone.
 */
async function gateway(clientsUrl: string, env: Record<string, string> = {}) {
  const config = loadConfig(gatewayEnv, { PORT: '8080', CLIENTS_URL: clientsUrl, ...env });
  const upstreams = new Upstreams(config);
  const proxy = new ServiceProxyMiddleware(config, upstreams);
  const { server } = await listen((req, res) => {
    // What express gives the middleware in the app.
    Object.assign(req, { originalUrl: req.url });
    Object.assign(res, { locals: {} });
    proxy.use(req as Request, res as Response, () => res.writeHead(404).end());
  });
  return { server, members: () => upstreams.pool('clients').status() };
}

describe('ServiceProxyMiddleware with replicas', () => {
  // The proxy logs each member it could not reach.
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(async () => {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('sends a GET to another replica when one refuses the connection, and takes that one out of rotation', async () => {
    const [gone, live] = [await closed(), await answering()];
    const { server, members } = await gateway(`${gone},${live.url}`);

    const res = await request(server).get('/api/clients/clients?limit=5').set('x-correlation-id', 'corr-7').expect(200);
    expect(res.body).toEqual({ answeredBy: live.url });
    expect(members()[0]).toEqual({ url: gone, ready: false, reason: 'ECONNREFUSED' });
    // The resend carries the gateway's one hop, not one per send.
    expect(live.seen[0]).toMatchObject({
      method: 'GET',
      url: '/api/clients/clients?limit=5',
      headers: { 'x-forwarded-proto': 'http', 'x-forwarded-for': '127.0.0.1' },
    });

    await request(server).get('/api/clients/clients').expect(200);
    expect(live.seen).toHaveLength(2);
  });

  it('sends a request without a body to another replica when one refuses, whatever the method: nothing was sent', async () => {
    const [gone, live] = [await closed(), await answering()];
    const { server } = await gateway(`${gone},${live.url}`);
    await request(server).post('/api/clients/clients/c-1/archive').expect(200);
    expect(live.seen[0]).toMatchObject({ method: 'POST', url: '/api/clients/clients/c-1/archive' });
  });

  it('sends a GET again after a connection reset, but not a POST: the replica may have run it', async () => {
    const [reset, live] = [await resetting(), await answering()];
    await request((await gateway(`${reset.url},${live.url}`)).server)
      .get('/api/clients/clients')
      .expect(200);
    expect([reset.seen.requests, live.seen.length]).toEqual([1, 1]);

    const res = await request((await gateway(`${reset.url},${live.url}`)).server)
      .post('/api/clients/clients')
      .send({ displayName: 'Dana' })
      .expect(502);
    expect(res.body).toEqual({ statusCode: 502, error: 'Bad Gateway', message: 'The clients service is unavailable' });
    expect([reset.seen.requests, live.seen.length]).toEqual([2, 1]);
  });

  it('neither resends nor takes out a replica that is only slow (past UPSTREAM_TIMEOUT_MS)', async () => {
    const [slow, live] = [await hanging(), await answering()];
    const { server, members } = await gateway(`${slow},${live.url}`, { UPSTREAM_TIMEOUT_MS: '200' });
    await request(server).get('/api/clients/clients').expect(502);
    expect(live.seen).toHaveLength(0);
    expect(members()[0].ready).toBe(true);
  });

  it('answers 502 when no replica is left to try', async () => {
    const { server, members } = await gateway(`${await closed()},${await closed()}`);
    const res = await request(server).get('/api/clients/clients').expect(502);
    expect(res.body).toEqual({ statusCode: 502, error: 'Bad Gateway', message: 'The clients service is unavailable' });
    expect(members().map((member) => member.ready)).toEqual([false, false]);
  });
});
