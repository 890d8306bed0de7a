// A small supervisor for detached local processes (the infrastructure servers and, later,
// the Portico services). A process is identified by its pid file only, never by name or
// port, so several profiles and private test instances can run side by side.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { httpOk, portAccepts, portIsFree } from './net.ts';
import { InfraError, fileSize, readBytes, seconds, sleep, tailLines } from './util.ts';

export interface ManagedProcess {
  name: string;
  command: string;
  args: string[];
  /** Added to the supervisor's own environment. */
  env: Record<string, string>;
  cwd: string;
  /** Healthy only when GET answers 200. */
  healthUrl?: string;
  /** Healthy only once the log shows this (checked on the output of this start only). */
  readyLogLine?: RegExp;
  /** Must be free before the start and accept connections once started. */
  port?: number;
  pidFile: string;
  logFile: string;
  /** Time allowed from spawn to healthy; default 60 s. */
  deadlineMs?: number;
  /** Substring of /proc/<pid>/cmdline that proves a pid is this process; default basename(command). */
  expect?: string;
}

export interface StartResult {
  pid: number;
  alreadyRunning: boolean;
  ms: number;
}

/** Pid file: line 1 the pid (what shell tools expect), line 2 "<start time> <config hash>". */
interface PidRecord {
  pid: number;
  startTime?: string;
  config?: string;
}

const DEFAULT_DEADLINE_MS = 60_000;
const POLL_MS = 150;

export class PortInUseError extends InfraError {
  port: number;

  constructor(name: string, port: number) {
    super(`port ${port} needed by ${name} is already in use by another process`);
    this.port = port;
  }
}

function readPidFile(pidFile: string): PidRecord | undefined {
  let text: string;
  try {
    text = readFileSync(pidFile, 'utf8');
  } catch {
    return undefined;
  }
  const [first = '', second = ''] = text.split('\n');
  const pid = Number(first.trim());
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  const [startTime, config] = second.trim().split(' ');
  return { pid, startTime: startTime || undefined, config: config || undefined };
}

/** State letter and start time (clock ticks since boot) from /proc/<pid>/stat. */
function procStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', startTime: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/**
 * The pid recorded in `pidFile` when that process is still alive and still the one we
 * started: the start time recorded at spawn must match (so a recycled pid is never taken
 * for ours) and its command line must contain `expect`, when given.
 */
export function isAlive(pidFile: string, expect?: string): number | undefined {
  const record = readPidFile(pidFile);
  if (!record) return undefined;
  const stat = procStat(record.pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return undefined;
  if (record.startTime !== undefined && record.startTime !== stat.startTime) return undefined;
  if (expect !== undefined && !cmdline(record.pid).includes(expect)) return undefined;
  return record.pid;
}

/** Identity of a launch configuration, so a running process started with other settings is noticed. */
function configHash(p: ManagedProcess): string {
  const { command, args, env, cwd, port, healthUrl } = p;
  return createHash('sha256').update(JSON.stringify({ command, args, env, cwd, port, healthUrl })).digest('hex').slice(0, 12);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    // Detached children lead their own process group: signal it so helpers they spawned go too.
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const stat = procStat(pid);
    if (!stat || stat.state === 'Z' || stat.state === 'X') return true;
    if (Date.now() >= until) return false;
    await sleep(100);
  }
}

export interface SignalOptions {
  signal?: 'SIGTERM' | 'SIGKILL';
  /** How long SIGTERM may take before SIGKILL follows; default 15 s. */
  timeoutMs?: number;
  /** See isAlive: a pid whose command line lacks it is not ours and is left alone. */
  expect?: string;
}

/**
 * Signals the process named by `pidFile` (SIGKILL follows when SIGTERM is not enough) and
 * removes the pid file. Returns the pid stopped, or undefined when it was not running
 * (a stale pid file is removed too).
 */
export async function signalProcess(pidFile: string, options: SignalOptions = {}): Promise<number | undefined> {
  const { signal = 'SIGTERM', timeoutMs = 15_000, expect } = options;
  const pid = isAlive(pidFile, expect);
  if (pid !== undefined) {
    signalGroup(pid, signal);
    if (!(await waitGone(pid, signal === 'SIGKILL' ? 5000 : timeoutMs))) {
      signalGroup(pid, 'SIGKILL');
      if (!(await waitGone(pid, 5000))) throw new InfraError(`process ${pid} (${pidFile}) did not exit after SIGKILL`);
    }
  }
  rmSync(pidFile, { force: true });
  return pid;
}

/** Stops the process named by `p.pidFile` (SIGTERM, then SIGKILL after `timeoutMs`). */
export async function stopProcess(p: Pick<ManagedProcess, 'name' | 'pidFile'> & { expect?: string }, timeoutMs = 15_000): Promise<boolean> {
  return (await signalProcess(p.pidFile, { timeoutMs, expect: p.expect })) !== undefined;
}

/** Watches the log of one start for `pattern`, reading only what was appended since the last call. */
function logWatcher(logFile: string, from: number, pattern: RegExp): () => boolean {
  let offset = from;
  let carry = '';
  let seen = false;
  return () => {
    if (seen) return true;
    const bytes = readBytes(logFile, offset);
    offset += bytes.length;
    const text = carry + bytes.toString('utf8');
    seen = text.search(pattern) >= 0; // search() ignores a /g flag's lastIndex
    carry = text.slice(text.lastIndexOf('\n') + 1); // a line may be cut in two
    return seen;
  };
}

async function isHealthy(p: ManagedProcess, logSeen?: () => boolean): Promise<boolean> {
  if (logSeen && !logSeen()) return false;
  if (p.port !== undefined && !(await portAccepts(p.port))) return false;
  if (p.healthUrl !== undefined && !(await httpOk(p.healthUrl))) return false;
  return true;
}

/** Polls until healthy; fails fast when the process dies, and at the deadline. */
async function waitHealthy(p: ManagedProcess, pid: number, logFrom?: number): Promise<void> {
  const deadline = Date.now() + (p.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const logSeen = p.readyLogLine && logFrom !== undefined ? logWatcher(p.logFile, logFrom, p.readyLogLine) : undefined;
  const tail = (): string => tailLines(p.logFile, 20, logFrom ?? 0);
  for (;;) {
    if (isAlive(p.pidFile) !== pid) {
      throw new InfraError(`${p.name} exited during startup (log: ${p.logFile})`, tail());
    }
    if (await isHealthy(p, logSeen)) return;
    if (Date.now() >= deadline) {
      throw new InfraError(`${p.name} was not healthy after ${seconds(p.deadlineMs ?? DEFAULT_DEADLINE_MS)} (log: ${p.logFile})`, tail());
    }
    await sleep(POLL_MS);
  }
}

/**
 * Spawns `p` detached (own process group, output appended to its log) and records its pid.
 * Returns the log offset where this run's output starts.
 */
function spawnDetached(p: ManagedProcess): { pid: number; logFrom: number } {
  mkdirSync(dirname(p.logFile), { recursive: true });
  mkdirSync(dirname(p.pidFile), { recursive: true });
  appendFileSync(p.logFile, `\n==== ${new Date().toISOString()} starting ${p.name}: ${p.command} ${p.args.join(' ')}\n`);
  const logFrom = fileSize(p.logFile);
  const out = openSync(p.logFile, 'a');
  try {
    const child = spawn(p.command, p.args, {
      cwd: p.cwd,
      env: { ...process.env, ...p.env },
      detached: true,
      stdio: ['ignore', out, out],
    });
    child.on('error', () => undefined); // reported through the pid check below
    if (child.pid === undefined) throw new InfraError(`could not start ${p.name}: '${p.command}' not found or not executable`);
    child.unref();
    const startTime = procStat(child.pid)?.startTime ?? '';
    writeFileSync(p.pidFile, `${child.pid}\n${startTime} ${configHash(p)}\n`);
    return { pid: child.pid, logFrom };
  } finally {
    closeSync(out);
  }
}

/**
 * Starts `p` unless its pid file names a live instance with the same configuration, then
 * waits until it is healthy. A stale pid file is dropped; a port held by anything else is an error.
 */
export async function startProcess(p: ManagedProcess): Promise<StartResult> {
  const t0 = Date.now();
  const expect = p.expect ?? basename(p.command);
  const running = isAlive(p.pidFile, expect);
  if (running !== undefined) {
    if (readPidFile(p.pidFile)?.config !== configHash(p)) {
      throw new InfraError(`${p.name} is already running (pid ${running}) with other settings (ports, paths or env); stop it first`);
    }
    await waitHealthy(p, running); // it may still be starting (another caller just launched it)
    return { pid: running, alreadyRunning: true, ms: Date.now() - t0 };
  }
  rmSync(p.pidFile, { force: true });
  if (p.port !== undefined && !(await portIsFree(p.port))) throw new PortInUseError(p.name, p.port);

  const { pid, logFrom } = spawnDetached(p);
  try {
    await waitHealthy(p, pid, logFrom);
  } catch (err) {
    await signalProcess(p.pidFile, { signal: 'SIGKILL' }); // leave nothing half-started behind
    throw err;
  }
  return { pid, alreadyRunning: false, ms: Date.now() - t0 };
}
