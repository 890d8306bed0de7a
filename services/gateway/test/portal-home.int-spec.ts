import { freePort, ServiceProcess } from '@portico/testing';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';

type Service = 'identity' | 'tasks' | 'files' | 'billing';
/** What a stand-in service answers for the token of a request; 'hang' never answers. */
type Answer = { status: number; body: unknown } | 'hang';

const portal = { firmId: 'firm-1', clientId: 'client-1', contactId: 'contact-7' };
const me = (scope: typeof portal | null) => ({
  userId: 'u-1',
  role: 'client',
  email: 'dana@example.com',
  name: 'Dana Scully',
  initials: 'DS',
  firm: null,
  portal: scope,
});
const todos = [{ id: 't-1', title: 'Upload your W-2', status: 'open' }];
const files = [{ id: 'f-1', name: 'engagement-letter.pdf' }];
const summary = { currency: 'USD', balanceMinor: 45_000, openInvoiceCount: 1, nextDueDate: '2030-03-01' };
const ok = (body: unknown): Answer => ({ status: 200, body });
const refused = (status: number, message: string): Answer => ({ status, body: { statusCode: status, message } });

// The four services as the portal home knows them: the same paths, answering per caller token.
const scenarios: Record<string, Record<Service, Answer>> = {
  'in-portal': { identity: ok(me(portal)), tasks: ok({ items: todos }), files: ok({ items: files }), billing: ok(summary) },
  'billing-off': {
    identity: ok(me(portal)),
    tasks: ok({ items: todos }),
    files: ok({ items: files }),
    billing: { status: 403, body: { statusCode: 403, code: 'billing_not_enabled', message: 'Billing is not enabled for this client' } },
  },
  degraded: { identity: ok(me(portal)), tasks: 'hang', files: refused(500, 'Internal server error'), billing: ok(summary) },
  expired: {
    identity: refused(401, 'Unauthorized'),
    tasks: refused(401, 'Unauthorized'),
    files: refused(401, 'Unauthorized'),
    billing: refused(401, 'Unauthorized'),
  },
  'no-portal': {
    identity: ok(me(null)),
    tasks: refused(403, 'Enter a portal first'),
    files: refused(403, 'Enter a portal first'),
    billing: refused(403, 'Enter a portal first'),
  },
};
const PATHS: Record<Service, string> = {
  identity: '/api/identity/me',
  tasks: '/api/tasks/portal/todos?status=open',
  files: '/api/files/portal/files?limit=5',
  billing: '/api/billing/portal/summary',
};

interface Seen {
  service: Service;
  url?: string;
  headers: IncomingHttpHeaders;
}

async function standIn(service: Service, seen: Seen[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/health/ready') return void res.writeHead(200).end('{"status":"ok"}');
    seen.push({ service, url: req.url, headers: req.headers });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const answer: Answer = req.url === PATHS[service] ? (scenarios[token]?.[service] ?? refused(401, 'Unauthorized')) : refused(404, 'Not found');
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

// A component test of the gateway: the built gateway process in front of small local servers
// standing in for identity, tasks, files and billing.
describe('GET /api/portal/home (built gateway, stand-in services)', () => {
  const seen: Seen[] = [];
  const servers: Server[] = [];
  let gateway: ServiceProcess;
  let api: ReturnType<typeof request>;

  beforeAll(async () => {
    const env: Record<string, string> = { PORT: String(await freePort()), PORTAL_HOME_TIMEOUT_MS: '800' };
    for (const service of ['identity', 'tasks', 'files', 'billing'] as const) {
      const { server, url } = await standIn(service, seen);
      servers.push(server);
      env[`${service.toUpperCase()}_URL`] = url;
    }
    // Not part of the home; nothing listens there.
    for (const name of ['CLIENTS', 'INVITATIONS', 'NOTIFICATIONS']) env[`${name}_URL`] = 'http://127.0.0.1:9';
    gateway = await new ServiceProcess({ service: 'gateway', env, waitFor: 'live' }).start();
    api = request(gateway.baseUrl);
  });

  afterAll(async () => {
    await gateway?.stop();
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const home = (token: string) => api.get('/api/portal/home').set('authorization', `Bearer ${token}`);

  it("composes every section from the four services, called with the caller's token and correlation id", async () => {
    seen.length = 0;
    const res = await home('in-portal').set('x-correlation-id', 'home-corr-1').expect(200);
    expect(res.body).toEqual({
      portal,
      user: { name: 'Dana Scully', initials: 'DS', email: 'dana@example.com' },
      todos,
      recentFiles: files,
      billing: summary,
      unavailable: [],
    });
    expect(res.headers['x-correlation-id']).toBe('home-corr-1');
    expect(seen.map(({ service, url }) => [service, url]).sort()).toEqual(Object.entries(PATHS).sort());
    expect(seen.every(({ headers }) => headers.authorization === 'Bearer in-portal' && headers['x-correlation-id'] === 'home-corr-1')).toBe(true);
  });

  it('gives billing: null when billing is not enabled for the client, without calling it unavailable', async () => {
    const res = await home('billing-off').expect(200);
    expect(res.body).toMatchObject({ billing: null, unavailable: [], todos, recentFiles: files });
  });

  it('still renders when a service fails or times out: those sections are null and named', async () => {
    const started = Date.now();
    const res = await home('degraded').expect(200);
    expect(res.body).toEqual({
      portal,
      user: expect.objectContaining({ initials: 'DS' }),
      todos: null,
      recentFiles: null,
      billing: summary,
      unavailable: ['todos', 'recentFiles'],
    });
    // Bounded by the configured timeout, not by the service that hangs.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers 401 when the services refuse the token, and when there is none', async () => {
    const res = await home('expired').expect(401);
    expect(res.body).toMatchObject({ statusCode: 401 });
    await api.get('/api/portal/home').expect(401);
  });

  it('answers 403, as the services do, for a token outside any portal', async () => {
    const res = await home('no-portal').expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, message: 'Enter a portal first' });
  });

  it('documents the route in the merged OpenAPI', async () => {
    const res = await api.get('/api/docs-json').expect(200);
    expect(res.body.paths['/api/portal/home'].get).toMatchObject({
      tags: ['portal'],
      responses: { '200': expect.anything(), '401': expect.anything(), '403': expect.anything() },
    });
  });
});
