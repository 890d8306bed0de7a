// Orchestration of the four local servers of one profile (or of a private instance with
// its own ports and state dir): install, up with the freshness rule, down, reset, status.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstalled } from './installer.ts';
import { httpOk, portAccepts, portIsFree } from './net.ts';
import { PORT_ENV, SERVER_NAMES, endpoints, say, serverPaths, type Endpoints, type InfraOptions, type ServerName } from './options.ts';
import { SERVERS } from './servers/index.ts';
import { isAlive, signalProcess, startProcess, type StartResult } from './supervisor.ts';
import { InfraError, seconds, withLock } from './util.ts';

/** Installs what `servers` need into the cache (no start); independent installs run in parallel. */
export async function install(opts: InfraOptions, servers: ServerName[] = [...SERVER_NAMES]): Promise<void> {
  const steps = servers.flatMap((server) => SERVERS[server].installSteps(opts));
  await settleAll(steps.map((step) => ensureInstalled(opts, step)));
}

/** Pid of our running instance of `server`, if any. */
function runningPid(opts: InfraOptions, server: ServerName): number | undefined {
  const p = SERVERS[server].process(opts);
  return isAlive(p.pidFile, p.expect);
}

async function assertPortsFree(opts: InfraOptions, server: ServerName): Promise<void> {
  for (const key of SERVERS[server].ports) {
    const port = opts.ports[key];
    if (port === undefined) continue; // an optional listener this instance does without
    if (!(await portIsFree(port))) {
      throw new InfraError(
        `port ${port} (${server}, profile ${opts.profile}) is already in use by another process; stop it or set ${PORT_ENV[key]} to a free port`,
      );
    }
  }
}

/** Installs if needed, then starts `server` and waits until healthy; no freshness logic. */
export async function startServer(opts: InfraOptions, server: ServerName): Promise<void> {
  await startOne(opts, server);
}

/**
 * Serialized per server and state dir, so two concurrent `up`s cannot both decide to start
 * it. The time includes preparing (e.g. formatting Kafka's storage): part of getting healthy.
 */
async function startOne(opts: InfraOptions, server: ServerName): Promise<StartResult> {
  const t0 = Date.now();
  const def = SERVERS[server];
  const lock = join(opts.stateDir, 'run', `${server}.lock`);
  const result = await withLock(
    lock,
    () => undefined,
    async () => {
      if (runningPid(opts, server) === undefined) {
        await install(opts, [server]);
        await assertPortsFree(opts, server);
        await def.prepare?.(opts);
      }
      const started = await startProcess(def.process(opts));
      // Also when it was running: a step that failed after an earlier start is retried.
      await def.afterStart?.(opts);
      return started;
    },
  );
  return { ...result, ms: Date.now() - t0 };
}

/** Stops `server` by its pid file (SIGTERM, SIGKILL after 15 s; or SIGKILL at once to simulate a crash). */
export async function stopServer(opts: InfraOptions, server: ServerName, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  await stopOne(opts, server, signal);
}

function stopOne(opts: InfraOptions, server: ServerName, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<number | undefined> {
  const { pidFile, expect } = SERVERS[server].process(opts);
  return signalProcess(pidFile, { signal, expect });
}

function hasData(opts: InfraOptions, server: ServerName): boolean {
  const dir = serverPaths(opts, server).data;
  return existsSync(dir) && readdirSync(dir).length > 0;
}

function wipeData(opts: InfraOptions, server: ServerName): void {
  rmSync(serverPaths(opts, server).data, { recursive: true, force: true });
}

/**
 * The MongoDB stand-in is in-memory, so a mongo start means an empty database. Topics,
 * committed offsets, objects and mail left from before would then point at records that no
 * longer exist: wipe the stopped servers' data (and restart a running Kafka on empty data).
 * Running S3 and Mailpit are left alone: their leftovers are harmless and they may be in use.
 * Returns the servers that must be (re)started in addition to those asked for.
 */
async function applyFreshnessRule(opts: InfraOptions, wanted: ServerName[]): Promise<ServerName[]> {
  if (!wanted.includes('mongo') || runningPid(opts, 'mongo') !== undefined) return [];
  const extra: ServerName[] = [];
  if (runningPid(opts, 'kafka') !== undefined) {
    say(opts, 'mongo is not running but kafka is: stopping kafka to restart it on empty data');
    await stopServer(opts, 'kafka');
    if (!wanted.includes('kafka')) extra.push('kafka');
  }
  const wiped = (['kafka', 's3', 'smtp'] as const).filter((s) => runningPid(opts, s) === undefined && hasData(opts, s));
  wiped.forEach((s) => wipeData(opts, s));
  if (wiped.length > 0) {
    say(opts, `mongo starts empty (in-memory): wiped ${wiped.join(', ')} data so it matches an empty database`);
  }
  return extra;
}

/** Rejects with one error naming every failure once all promises have settled. */
async function settleAll<T>(promises: Array<Promise<T>>): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  if (failures.length === 0) return results.map((r) => (r as PromiseFulfilledResult<T>).value);
  const details = failures
    .map((f) => (f instanceof InfraError ? f.details : undefined))
    .filter(Boolean)
    .join('\n\n');
  const message = failures.map((f) => (f instanceof Error ? f.message : String(f))).join('; ');
  throw new InfraError(message, details || undefined);
}

/** Installs if needed, applies the freshness rule, starts `servers` in parallel, waits until healthy. */
export async function up(opts: InfraOptions, servers: ServerName[] = [...SERVER_NAMES]): Promise<Endpoints> {
  const t0 = Date.now();
  await install(opts, servers);
  // One `up` at a time per state dir: a second one must not wipe data the first is preparing.
  const onWait = (owner: number): void => say(opts, `waiting for another 'up' of this profile (pid ${owner || '?'})...`);
  const results = await withLock(join(opts.stateDir, 'run', 'up.lock'), onWait, () => startAll(opts, servers));
  const started = results.filter((r) => !r.alreadyRunning).length;
  const what = started === 0 ? 'everything was already running' : `${started} started`;
  say(opts, `up (${opts.profile}): ${results.map((r) => r.server).join(', ')} healthy; ${what}; total ${seconds(Date.now() - t0)}`);
  return endpoints(opts);
}

async function startAll(opts: InfraOptions, servers: ServerName[]): Promise<Array<StartResult & { server: ServerName }>> {
  // Port conflicts first: nothing is wiped or stopped for a start that cannot happen.
  await settleAll(servers.filter((s) => runningPid(opts, s) === undefined).map((s) => assertPortsFree(opts, s)));
  const toStart = [...servers, ...(await applyFreshnessRule(opts, servers))];
  return settleAll(
    toStart.map(async (server) => {
      const result = await startOne(opts, server);
      const how = result.alreadyRunning ? `already running (pid ${result.pid})` : `healthy in ${seconds(result.ms)} (pid ${result.pid})`;
      say(opts, `  ${server.padEnd(5)} ${SERVERS[server].url(opts).padEnd(58)} ${how}`);
      return { ...result, server };
    }),
  );
}

/** Stops `servers` (by pid file only) in parallel; safe when nothing runs. */
export async function down(opts: InfraOptions, servers: ServerName[] = [...SERVER_NAMES]): Promise<void> {
  await settleAll(
    servers.map(async (server) => {
      const t0 = Date.now();
      const pid = await stopOne(opts, server);
      say(opts, pid === undefined ? `  ${server.padEnd(5)} not running` : `  ${server.padEnd(5)} stopped (pid ${pid}) in ${seconds(Date.now() - t0)}`);
    }),
  );
}

/** Stops everything of the profile and deletes its data. */
export async function reset(opts: InfraOptions): Promise<void> {
  await down(opts);
  const data = join(opts.stateDir, 'data');
  rmSync(data, { recursive: true, force: true });
  say(opts, `deleted ${data}`);
}

export interface ServerStatus {
  server: ServerName;
  running: boolean;
  pid?: number;
  port: number;
  healthy: boolean;
}

/** One quick probe per server (no log check: that one only matters while a start is pending). */
async function probe(opts: InfraOptions, server: ServerName): Promise<ServerStatus> {
  const p = SERVERS[server].process(opts);
  const pid = isAlive(p.pidFile, p.expect);
  const port = p.port ?? 0;
  const healthy = pid !== undefined && (await portAccepts(port)) && (p.healthUrl === undefined || (await httpOk(p.healthUrl)));
  return { server, running: pid !== undefined, pid, port, healthy };
}

export async function status(opts: InfraOptions): Promise<ServerStatus[]> {
  return Promise.all(SERVER_NAMES.map((server) => probe(opts, server)));
}
