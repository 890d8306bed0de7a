import { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@portico/platform';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { gatewayDefinition } from './gateway.definition';

interface Seen {
  method?: string;
  url?: string;
  headers?: IncomingHttpHeaders;
  body?: string;
}

/** A stand-in service: echoes what it received and serves a small OpenAPI document. */
async function fakeService(service: string, seen: Seen): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url === '/health/ready') return res.writeHead(200).end('{"status":"ok"}');
      if (req.url === `/api/${service}/docs-json`) {
        const doc = { openapi: '3.0.0', info: { title: service, version: '1' }, paths: { [`/api/${service}/things`]: { get: { responses: {} } } } };
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
      }
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(207, { 'content-type': 'application/json', 'x-from': service }).end(JSON.stringify({ echoed: body.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('gateway', () => {
  const seen: Seen = {};
  let clients: { server: Server; url: string };
  let app: INestApplication;
  // Nothing listens there: a service that is down.
  const deadUrl = 'http://127.0.0.1:9';

  beforeAll(async () => {
    clients = await fakeService('clients', seen);
    const env = { PORT: '8080', LOG_LEVEL: 'silent', PROBE_TIMEOUT_MS: '1000', CLIENTS_URL: clients.url };
    for (const name of ['IDENTITY', 'FILES', 'BILLING', 'NOTIFICATIONS', 'TASKS']) Object.assign(env, { [`${name}_URL`]: deadUrl });
    // Two replicas, one of them down.
    Object.assign(env, { INVITATIONS_URL: `${clients.url},${deadUrl}` });
    ({ app } = await createServiceApp(gatewayDefinition, env));
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => clients?.server.close(resolve));
  });

  it('forwards method, path, query, body and headers unchanged, and the answer back', async () => {
    const body = JSON.stringify({ displayName: 'x'.repeat(200_000) });
    const res = await request(app.getHttpServer())
      .post('/api/clients/clients?dryRun=1')
      .set('authorization', 'Bearer token-123')
      .set('content-type', 'application/json')
      .set('x-correlation-id', 'corr-42')
      .send(body);
    expect(res.status).toBe(207);
    expect(res.headers['x-from']).toBe('clients');
    expect(res.headers['x-correlation-id']).toBe('corr-42');
    expect(res.body).toEqual({ echoed: body.length });
    expect(seen).toMatchObject({ method: 'POST', url: '/api/clients/clients?dryRun=1', body });
    expect(seen.headers).toMatchObject({ authorization: 'Bearer token-123', 'x-correlation-id': 'corr-42' });
  });

  it('gives the service a correlation id when the caller sent none', async () => {
    const res = await request(app.getHttpServer()).get('/api/clients/clients').expect(207);
    expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.headers?.['x-correlation-id']).toBe(res.headers['x-correlation-id']);
  });

  it('answers 502 JSON when the service is down', async () => {
    const res = await request(app.getHttpServer()).get('/api/identity/me').expect(502);
    expect(res.body).toEqual({ statusCode: 502, error: 'Bad Gateway', message: 'The identity service is unavailable' });
  });

  it('does not route look-alike prefixes', async () => {
    await request(app.getHttpServer()).get('/api/clientsX/clients').expect(404);
  });

  it('is ready itself while a service is down: one service must not take the whole API out of its load balancer', async () => {
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body.details).toEqual({ lifecycle: { status: 'up' } });
  });

  it('reports each service at /health/services: 503 while any is down', async () => {
    const res = await request(app.getHttpServer()).get('/health/services').expect(503);
    expect(res.body.details.clients).toEqual({ status: 'up' });
    expect(res.body.details.identity).toMatchObject({ status: 'down' });
    expect(Object.keys(res.body.details).sort()).toEqual(['billing', 'clients', 'files', 'identity', 'invitations', 'notifications', 'tasks']);
  });

  it('reports a service with replicas up while one of them is, each replica listed', async () => {
    const res = await request(app.getHttpServer()).get('/health/services').expect(503);
    expect(res.body.details.invitations).toMatchObject({
      status: 'up',
      members: { [clients.url]: { status: 'up', inRotation: true }, [deadUrl]: { status: 'down' } },
    });
  });

  it('serves the merged OpenAPI as JSON to non-browsers at /api/docs and always at /api/docs-json', async () => {
    for (const path of ['/api/docs', '/api/docs-json']) {
      const res = await request(app.getHttpServer()).get(path).set('accept', '*/*').expect(200);
      // The gateway's own composed route comes with the services' paths.
      expect(Object.keys(res.body.paths)).toEqual(['/api/clients/things', '/api/portal/home']);
      expect(res.body.paths['/api/portal/home'].get).toMatchObject({ tags: ['portal'], security: [{ bearer: [] }] });
      expect(res.body.info.description).toContain('identity (');
    }
  });

  it('serves Swagger UI to browsers', async () => {
    await request(app.getHttpServer()).get('/api/docs').set('accept', 'text/html').expect(301).expect('location', '/api/docs/');
    const page = await request(app.getHttpServer()).get('/api/docs/').set('accept', 'text/html,*/*;q=0.8').expect(200);
    expect(page.text).toContain('swagger-ui-bundle.js');
    const init = await request(app.getHttpServer()).get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('"swaggerUrl": "/api/docs-json"');
  });
});
