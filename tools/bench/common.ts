// What every benchmark script shares: settings from the environment, one overall deadline,
// HTTP calls whose failures say which step and URL, and the demo owner's login.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export class BenchError extends Error {}
export const fail = (message: string): never => {
  throw new BenchError(message);
};

export const env = process.env;
const trimSlash = (url: string): string => url.replace(/\/+$/, '');
/** The started stack's repository root (pid files, demo credentials, node_modules). */
export const root = env.BENCH_STACK_ROOT || process.cwd();
export const gatewayUrl = trimSlash(env.BENCH_GATEWAY_URL || `http://127.0.0.1:${env.PORTICO_GATEWAY_PORT || 8080}`);
export const mailpitUrl = trimSlash(env.BENCH_MAILPIT_URL || `http://127.0.0.1:${env.PORTICO_MAILPIT_PORT || 18025}`);
export const ownerEmail = env.BENCH_EMAIL || 'owner@demo-firm.test';

export function intEnv(name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= min ? value : fail(`${name}=${raw} is not an integer >= ${min}`);
}

function password(): string {
  if (env.BENCH_PASSWORD) return env.BENCH_PASSWORD;
  const file = join(root, '.local', 'dev', 'demo-credentials');
  if (!existsSync(file)) fail(`no BENCH_PASSWORD and no ${file} (run from the repository root of a started stack)`);
  return readFileSync(file, 'utf8').trim();
}

let deadlineMs = 0;
let deadline = 0;

/** Starts the run's overall deadline (BENCH_DEADLINE_MS, else `fallbackMs`). */
export function startDeadline(fallbackMs: number): void {
  deadlineMs = intEnv('BENCH_DEADLINE_MS', fallbackMs);
  deadline = performance.now() + deadlineMs;
}

export function remainingMs(step: string): number {
  const left = deadline - performance.now();
  return left > 0 ? left : fail(`overall deadline of ${deadlineMs} ms passed while ${step}`);
}

/** `body` is the parsed JSON (its shape as the caller expects it; null when empty, the text when not JSON). */
export interface Reply<T = unknown> {
  status: number;
  body: T | null;
  headers: Headers;
}

/** One HTTP call, bounded by the overall deadline; a connection failure names the URL. */
export async function call<T = unknown>(
  method: string,
  url: string,
  step: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
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
  return { status: response.status, body: body as T, headers: response.headers };
}

export function expectStatus(reply: Reply, expected: number[], step: string): void {
  if (!expected.includes(reply.status)) fail(`${step}: answered ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
}

/** Logs in as the demo firm's owner; returns the access token. */
export async function loginAsOwner(): Promise<string> {
  const login = await call<{ accessToken?: string }>('POST', `${gatewayUrl}/api/identity/auth/login`, 'login', {
    body: { email: ownerEmail, password: password() },
  });
  expectStatus(login, [200, 201], `login as ${ownerEmail}`);
  return String(login.body?.accessToken ?? fail(`login as ${ownerEmail}: no accessToken in the answer`));
}

/** The failure line of a script: a bench error's own message, anything else with its stack. */
export function describeFailure(err: unknown): string {
  return err instanceof BenchError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
}
