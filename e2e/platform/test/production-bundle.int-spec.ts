import { MailpitClient, TestStack, testEndpoints, waitFor, workspaceRoot, type StackService } from '@portico/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// What the images carry (deploy/docker/Dockerfile copies exactly this): each service's
// production bundle, assembled by deploy/bundle/bundle.ts into a temporary folder outside the
// repository, started with NODE_ENV=production and real-looking secrets against the local test
// servers, and used through its bundled gateway: a firm signs up (identity, argon2's native
// addon), creates a client (clients), invites it (invitations), the email reaches Mailpit
// (notifications) and the invitation turns "sent" (the EmailSent event back to invitations).
jest.setTimeout(240_000);

const SERVICES: StackService[] = ['clients', 'invitations', 'identity', 'files', 'billing', 'notifications', 'tasks', 'gateway'];
const run = Math.random().toString(36).slice(2, 10);
const STRONG = 'correct horse battery staple 42';

interface Json {
  status: number;
  body: Record<string, unknown>;
}

describe('production bundles (what the images carry)', () => {
  const root = workspaceRoot();
  const out = mkdtempSync(join(tmpdir(), 'portico-bundles-'));
  const mainOf = (service: StackService) => join(out, service, 'dist', 'services', service, 'src', 'main.js');
  const mailpit = new MailpitClient(testEndpoints().mailpitUrl);
  let stack: TestStack;
  let gateway: string;

  async function call(method: string, path: string, body?: unknown, token?: string): Promise<Json> {
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  beforeAll(async () => {
    // The same command the Dockerfile's build stage runs, for every service at once (one trace cache).
    await promisify(execFile)(process.execPath, [join(root, 'deploy', 'bundle', 'bundle.ts'), '--all', out], { cwd: root });
    const production = { NODE_ENV: 'production', LOG_LEVEL: 'warn' };
    stack = await TestStack.start(
      SERVICES,
      Object.fromEntries(SERVICES.map((service) => [service, production])),
      // Run from the bundle folder: nothing of the repository is on the processes' module path.
      { main: mainOf, cwd: out },
    );
    gateway = stack.url('gateway');
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it('bundles each service with its package.json, its dist files and only the packages it loads', () => {
    const devOnly = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies);
    for (const service of SERVICES) {
      const bundle = join(out, service);
      expect(readdirSync(bundle).sort()).toEqual(['dist', 'node_modules', 'package.json']);
      expect(JSON.parse(readFileSync(join(bundle, 'package.json'), 'utf8'))).toMatchObject({
        name: `@portico/${service}`,
        main: `dist/services/${service}/src/main.js`,
      });
      // Another service's code never travels with this one.
      expect(readdirSync(join(bundle, 'dist', 'services'))).toEqual([service]);
      const packages = readdirSync(join(bundle, 'node_modules')).flatMap((name) =>
        name.startsWith('@') ? readdirSync(join(bundle, 'node_modules', name)).map((scoped) => `${name}/${scoped}`) : [name],
      );
      expect(packages.filter((name) => devOnly.includes(name))).toEqual([]);
      expect(packages.includes('argon2')).toBe(service === 'identity');
      expect(packages.includes('minio')).toBe(service === 'files');
      expect(packages.includes('nodemailer')).toBe(service === 'notifications');
    }
    // Identity's native addon: the prebuilt binary for this platform, nothing to compile in the image.
    const addons = readdirSync(join(out, 'identity', 'node_modules', 'argon2', 'prebuilds'), { recursive: true })
      .map(String)
      .filter((file) => file.endsWith('.node'));
    expect(addons).toHaveLength(1);
    expect(addons[0]).toMatch(new RegExp(`^${process.platform}-${process.arch}/argon2\\.(.+\\.)?glibc\\.node$`));
  });

  it('every bundle runs from its own folder in production mode and is ready', async () => {
    for (const service of SERVICES) {
      expect(readFileSync(`/proc/${stack.service(service).pid}/cmdline`, 'utf8').split('\0')[1]).toBe(mainOf(service));
      expect(await stack.service(service).health('ready')).toBe(200);
    }
  });

  it('serves and consumes: a firm signs up, creates and invites a client, the email arrives and the invitation reads sent', async () => {
    const owner = `owner-${run}@example.test`;
    const clientEmail = `client-${run}@example.test`;
    const signup = await call('POST', '/api/identity/firms', { firmName: `Bundle Firm ${run}`, ownerName: 'Owner', email: owner, password: STRONG });
    expect(signup.status).toBe(201);
    const login = await call('POST', '/api/identity/auth/login', { email: owner, password: STRONG });
    expect(login.status).toBe(200);
    const token = String(login.body.accessToken);

    const created = await call('POST', '/api/clients/clients', { kind: 'individual', displayName: 'Bundle Client', emails: [clientEmail] }, token);
    expect(created.status).toBe(201);
    const clientId = String(created.body.id);
    // Invitations learns of the firm and the client by event: 404/503 until it has.
    const invited = await waitFor(
      async () => {
        const answer = await call('POST', `/api/invitations/clients/${clientId}/invitations`, { clientEmails: [clientEmail] }, token);
        return answer.status === 404 || answer.status === 503 ? undefined : answer;
      },
      { timeoutMs: 30_000, description: 'invitations to know the client' },
    );
    expect(invited.status).toBe(202);

    const mail = await waitFor(async () => (await mailpit.messagesTo(clientEmail))[0], {
      timeoutMs: 30_000,
      description: `the invitation email to ${clientEmail}`,
    });
    expect((await mailpit.message(mail.ID)).Text).toMatch(/\/api\/identity\/invitations\/[A-Za-z0-9_-]+/);
    await waitFor(
      async () => {
        const list = await call('GET', `/api/invitations/clients/${clientId}/invitations`, undefined, token);
        return (list.body.items as Array<{ email: string; status: string }>).find((item) => item.email === clientEmail)?.status === 'sent';
      },
      { timeoutMs: 30_000, description: 'the invitation to read sent' },
    );
  });

  it('serves the API docs with the Swagger UI assets the trace cannot see', async () => {
    expect((await fetch(`${gateway}/api/docs/swagger-ui.css`)).status).toBe(200);
    expect((await fetch(`${stack.url('clients')}/api/clients/docs/swagger-ui-bundle.js`)).status).toBe(200);
    const docs = await call('GET', '/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths as object)).toEqual(expect.arrayContaining(['/api/identity/firms', '/api/clients/clients']));
  });
});
