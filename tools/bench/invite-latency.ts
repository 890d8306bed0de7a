// Invite-to-email latency against a RUNNING stack (`./portico start`): a benchmark, not a test.
//
//   npm run bench:invite            (or: node tools/bench/invite-latency.ts, from the repo root)
//
// Logs in as the demo owner, creates BENCH_COUNT clients, waits until the invitations service
// knows them (untimed), then invites them one at a time and measures, for each, the time to
// the 202 and the time until Mailpit holds the email (polled every 10 ms).
//
// Environment (defaults: the dev profile of the stack in the current directory):
//   BENCH_GATEWAY_URL   http://127.0.0.1:${PORTICO_GATEWAY_PORT:-8080}
//   BENCH_MAILPIT_URL   http://127.0.0.1:${PORTICO_MAILPIT_PORT:-18025}
//   BENCH_EMAIL         owner@demo-firm.test
//   BENCH_PASSWORD      contents of .local/dev/demo-credentials
//   BENCH_COUNT         20
//   BENCH_DEADLINE_MS   120000 (the whole run)
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

class BenchError extends Error {}
const fail = (message: string): never => {
  throw new BenchError(message);
};

const env = process.env;
const trimSlash = (url: string): string => url.replace(/\/+$/, '');
const gatewayUrl = trimSlash(env.BENCH_GATEWAY_URL || `http://127.0.0.1:${env.PORTICO_GATEWAY_PORT || 8080}`);
const mailpitUrl = trimSlash(env.BENCH_MAILPIT_URL || `http://127.0.0.1:${env.PORTICO_MAILPIT_PORT || 18025}`);
const ownerEmail = env.BENCH_EMAIL || 'owner@demo-firm.test';
const POLL_MS = 10;
let count = 20;
let deadlineMs = 120_000;
let deadline = 0;

function positiveInt(name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fail(`${name}=${raw} is not a positive integer`);
}

function password(): string {
  if (env.BENCH_PASSWORD) return env.BENCH_PASSWORD;
  const file = join(process.cwd(), '.local', 'dev', 'demo-credentials');
  if (!existsSync(file)) fail(`no BENCH_PASSWORD and no ${file} (run from the repository root of a started stack)`);
  return readFileSync(file, 'utf8').trim();
}

function remainingMs(step: string): number {
  const left = deadline - performance.now();
  return left > 0 ? left : fail(`overall deadline of ${deadlineMs} ms passed while ${step}`);
}

/** `body` is the parsed JSON (its shape as the caller expects it; null when empty, the text when not JSON). */
interface Reply<T = unknown> {
  status: number;
  body: T | null;
}

/** One HTTP call, bounded by the overall deadline; a connection failure names the URL. */
async function call<T = unknown>(method: string, url: string, step: string, opts: { token?: string; body?: unknown } = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(Math.ceil(remainingMs(step))),
    });
  } catch (err) {
    if (err instanceof BenchError) throw err;
    if ((err as Error).name === 'TimeoutError') fail(`overall deadline of ${deadlineMs} ms passed while ${step} (${method} ${url})`);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    return fail(`${step}: ${method} ${url} failed (${why})${why === 'ECONNREFUSED' ? ' - is the stack running?' : ''}`);
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text for error messages
  }
  return { status: response.status, body: body as T };
}

function expectStatus(reply: Reply, expected: number[], step: string): void {
  if (!expected.includes(reply.status)) fail(`${step}: answered ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
}

/** Percentile by nearest rank over sorted values. */
function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const ms = (value: number): string => value.toFixed(1).padStart(7);

async function main(): Promise<void> {
  count = positiveInt('BENCH_COUNT', count);
  deadlineMs = positiveInt('BENCH_DEADLINE_MS', deadlineMs);
  deadline = performance.now() + deadlineMs;
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  console.log(`invite-latency: ${count} invitations, gateway ${gatewayUrl}, mailpit ${mailpitUrl}, run ${run}`);

  // 1. The stack is there.
  expectStatus(await call('GET', `${gatewayUrl}/health/ready`, 'gateway readiness'), [200], 'gateway readiness (GET /health/ready)');
  expectStatus(await call('GET', `${mailpitUrl}/api/v1/messages?limit=1`, 'mailpit check'), [200], 'mailpit (GET /api/v1/messages)');

  // 2. Log in as the demo owner.
  const login = await call<{ accessToken?: string }>('POST', `${gatewayUrl}/api/identity/auth/login`, 'login', { body: { email: ownerEmail, password: password() } });
  expectStatus(login, [200, 201], `login as ${ownerEmail}`);
  const token = String(login.body?.accessToken ?? fail(`login as ${ownerEmail}: no accessToken in the answer`));
  console.log(`logged in as ${ownerEmail}`);

  // 3. Create the clients, each with one unique email on file.
  let t = performance.now();
  const clients: Array<{ id: string; email: string }> = [];
  for (let i = 1; i <= count; i++) {
    const email = `bench-${run}-${i}@example.test`;
    const step = `creating client ${i} (${email})`;
    const created = await call<{ id?: string }>('POST', `${gatewayUrl}/api/clients/clients`, step, {
      token,
      body: { kind: 'individual', displayName: `Bench ${run} #${i}`, emails: [email] },
    });
    expectStatus(created, [201], step);
    clients.push({ id: String(created.body?.id ?? fail(`${step}: no id in the answer`)), email });
  }
  console.log(`created ${count} clients in ${(performance.now() - t).toFixed(0)} ms`);

  // 4. Untimed: wait until the invitations service has each client (ClientCreated applied).
  t = performance.now();
  for (const client of clients) {
    const step = `waiting for the invitations service to know client ${client.id}`;
    for (;;) {
      const listed = await call('GET', `${gatewayUrl}/api/invitations/clients/${client.id}/invitations`, step, { token });
      if (listed.status === 200) break;
      expectStatus(listed, [404, 503], step);
      remainingMs(step);
      await sleep(25);
    }
  }
  console.log(`invitations service knows all ${count} clients after ${(performance.now() - t).toFixed(0)} ms`);

  // 5. Timed: invite each client, then poll Mailpit until its email is there.
  const requestMs: number[] = [];
  const emailMs: number[] = [];
  for (const [index, client] of clients.entries()) {
    const label = `[${String(index + 1).padStart(String(count).length)}/${count}]`;
    let t0: number;
    let invited: Reply<{ invitations?: Array<{ existing?: boolean }> }>;
    for (;;) {
      t0 = performance.now();
      invited = await call<{ invitations?: Array<{ existing?: boolean }> }>('POST', `${gatewayUrl}/api/invitations/clients/${client.id}/invitations`, `inviting ${client.email}`, {
        token,
        body: { clientEmails: [client.email] },
      });
      // 503: the firm is not known to invitations yet; nothing was requested, so retry untimed.
      if (invited.status !== 503) break;
      remainingMs(`inviting ${client.email} (firm not known to invitations yet)`);
      await sleep(25);
    }
    const tResponse = performance.now();
    expectStatus(invited, [202], `inviting ${client.email} (POST /api/invitations/clients/${client.id}/invitations)`);
    const invitation = invited.body?.invitations?.[0];
    if (invitation?.existing !== false) fail(`inviting ${client.email}: expected a new invitation, got ${JSON.stringify(invited.body)}`);

    const search = `${mailpitUrl}/api/v1/search?query=${encodeURIComponent(`to:"${client.email}"`)}`;
    let t1: number;
    for (;;) {
      const step = `waiting for the email to ${client.email} in Mailpit`;
      const found = await call<{ messages?: Array<{ To?: Array<{ Address?: string }> }> }>('GET', search, step);
      expectStatus(found, [200], step);
      t1 = performance.now();
      const messages = found.body?.messages ?? [];
      if (messages.some((m) => m.To?.some((to) => to.Address?.toLowerCase() === client.email))) break;
      remainingMs(step);
      await sleep(POLL_MS);
    }
    requestMs.push(tResponse - t0);
    emailMs.push(t1 - t0);
    console.log(`${label} ${client.email}: 202 in ${(tResponse - t0).toFixed(1)} ms, email after ${(t1 - t0).toFixed(1)} ms`);
  }

  // 6. Summary.
  const req = [...requestMs].sort((a, b) => a - b);
  const mail = [...emailMs].sort((a, b) => a - b);
  const cpu = cpus();
  console.log(`
summary (${count} invitations, sequential, Mailpit polled every ${POLL_MS} ms)
                          median      p95      min      max   (ms)
  request (to 202)       ${ms(pct(req, 50))}  ${ms(pct(req, 95))}  ${ms(req[0]!)}  ${ms(req.at(-1)!)}
  invite -> email seen   ${ms(pct(mail, 50))}  ${ms(pct(mail, 95))}  ${ms(mail[0]!)}  ${ms(mail.at(-1)!)}
machine: ${cpu.length} cpus (${cpu[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${process.platform}-${process.arch}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`\ninvite-latency FAILED: ${err instanceof BenchError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
