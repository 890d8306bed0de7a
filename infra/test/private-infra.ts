// A private instance of the local infrastructure for the integration tests: its own temp
// state dir and ports from freePort(), so the dev profile (a developer's servers) and the
// test profile (the jest global setup's servers) are never touched. Everything it starts,
// directly or through the CLI, it stops again in dispose().
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PORT_ENV, SERVER_NAMES, down, findRoot, freePort, resolveOptions, serverPaths, type InfraOptions, type Ports, type ServerName } from '../src/index.ts';

/** Polls `probe` until it gives something other than undefined/false; fails at the deadline. */
export async function poll<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Start time (clock ticks since boot) of a live, non-zombie process; undefined when it is gone. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' || fields[0] === 'X' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

export const isRunning = (pid: number): boolean => processStartTime(pid) !== undefined;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Ports of the two profiles (infra/README.md): a private instance must use none of them.
const PROFILE_PORTS = new Set([19092, 19093, 19094, 27117, 17070, 11025, 18025, 29092, 29093, 29094, 27217, 27070, 21025, 28025]);

async function privatePorts(): Promise<Required<Ports>> {
  const taken = new Set<number>();
  while (taken.size < Object.keys(PORT_ENV).length) {
    const port = await freePort();
    if (!PROFILE_PORTS.has(port)) taken.add(port);
  }
  const [kafka, kafkaController, kafkaSasl, mongo, s3, smtp, mailpit] = [...taken] as [number, number, number, number, number, number, number];
  return { kafka, kafkaController, kafkaSasl, mongo, s3, smtp, mailpit };
}

export class PrivateInfra {
  readonly root = findRoot(process.env, __dirname);
  /** Processes seen in our pid files (pid + start time), killed in dispose() if still there. */
  private readonly seen = new Map<number, string>();
  private readonly children: ChildProcess[] = [];
  private readonly listeners: Server[] = [];

  readonly stateDir: string;
  /** Every port, Kafka's SASL_SSL listener's included. */
  readonly ports: Required<Ports>;
  /** Environment for the CLI: the caller's, minus any PORTICO_* selecting state or ports. */
  readonly env: NodeJS.ProcessEnv;
  /** The same instance for the API (silent). */
  readonly opts: InfraOptions;

  private constructor(stateDir: string, ports: Required<Ports>, env: NodeJS.ProcessEnv, opts: InfraOptions) {
    this.stateDir = stateDir;
    this.ports = ports;
    this.env = env;
    this.opts = opts;
  }

  static async create(): Promise<PrivateInfra> {
    const stateDir = mkdtempSync(join(tmpdir(), 'portico-infra-test-'));
    const ports = await privatePorts();
    const inherited = Object.entries(process.env).filter(([key]) => !key.startsWith('PORTICO_') || key === 'PORTICO_ROOT' || key === 'PORTICO_CACHE');
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(inherited),
      PORTICO_STATE_DIR: stateDir,
      ...Object.fromEntries((Object.keys(PORT_ENV) as Array<keyof Ports>).map((key) => [PORT_ENV[key], String(ports[key])])),
    };
    const opts = resolveOptions(env, { log: () => undefined });
    if (opts.stateDir !== stateDir || JSON.stringify(opts.ports) !== JSON.stringify(ports)) {
      throw new Error(`PORTICO_STATE_DIR / PORTICO_*_PORT were not honoured: ${opts.stateDir} ${JSON.stringify(opts.ports)}`);
    }
    return new PrivateInfra(stateDir, ports, env, opts);
  }

  /** Runs `node infra/src/cli.ts ...args` on this instance; never throws for a non-zero exit. */
  cli(...args: string[]): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(this.root, 'infra', 'src', 'cli.ts'), ...args], { cwd: this.root, env: this.env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        this.recordPids();
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** Like cli(), but fails (with the CLI's output) unless it exits 0. */
  async run(...args: string[]): Promise<string> {
    const result = await this.cli(...args);
    if (result.code !== 0) {
      throw new Error(`infra ${args.join(' ')} exited ${result.code}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}`);
    }
    return result.stdout;
  }

  pidFile(server: ServerName): string {
    return serverPaths(this.opts, server).pid;
  }

  /** The pid named in `server`'s pid file (whether or not it is alive). */
  pid(server: ServerName): number | undefined {
    try {
      return Number(readFileSync(this.pidFile(server), 'utf8').split('\n')[0]) || undefined;
    } catch {
      return undefined;
    }
  }

  /** A process that is not ours to stop (killed in dispose()). */
  spawnUnrelated(command: string, args: string[]): ChildProcess & { pid: number } {
    const child = spawn(command, args, { stdio: 'ignore' });
    this.children.push(child);
    if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
    return child as ChildProcess & { pid: number };
  }

  /** Something else listening on `port` (closed in dispose(), or earlier by the caller). */
  async occupy(port: number): Promise<Server> {
    const server = createServer((socket) => socket.destroy());
    this.listeners.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port }, resolve);
    });
    return server;
  }

  private recordPids(): void {
    for (const server of SERVER_NAMES) {
      const pid = this.pid(server);
      const startTime = pid === undefined ? undefined : processStartTime(pid);
      if (pid !== undefined && startTime !== undefined) this.seen.set(pid, startTime);
    }
  }

  /** Stops everything this instance started (even after a failed test) and deletes its state dir. */
  async dispose(): Promise<void> {
    await down(this.opts).catch((err: unknown) => console.error(`private infra down failed: ${String(err)}`));
    for (const [pid, startTime] of this.seen) {
      if (processStartTime(pid) !== startTime) continue; // gone (or the pid now belongs to someone else)
      for (const target of [-pid, pid]) {
        try {
          process.kill(target, 'SIGKILL');
          break;
        } catch {
          // not a group leader, or already gone
        }
      }
    }
    for (const child of this.children) child.kill('SIGKILL');
    await Promise.all(this.listeners.map((server) => new Promise((resolve) => server.close(resolve))));
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

/** One SMTP conversation (no library): proves the port speaks SMTP and leaves a message behind. */
export function sendMail(port: number, subject: string): Promise<void> {
  const steps: Array<[string | undefined, string]> = [
    [undefined, '220'],
    ['EHLO infra-test', '250'],
    ['MAIL FROM:<infra-test@example.test>', '250'],
    ['RCPT TO:<someone@example.test>', '250'],
    ['DATA', '354'],
    [`Subject: ${subject}\r\nFrom: infra-test@example.test\r\nTo: someone@example.test\r\n\r\nhello\r\n.`, '250'],
    ['QUIT', '221'],
  ];
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(5000, () => socket.destroy(new Error('SMTP conversation timed out')));
    socket.once('error', reject);
    let buffer = '';
    let step = 0;
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      // A reply is complete at a line "NNN text" (continuation lines are "NNN-text").
      for (let match = /^(\d{3}) .*\r\n/m.exec(buffer); match; match = /^(\d{3}) .*\r\n/m.exec(buffer)) {
        const reply = buffer.slice(0, match.index + match[0].length);
        buffer = buffer.slice(reply.length);
        const [, expected] = steps[step]!;
        if (match[1] !== expected) return socket.destroy(new Error(`SMTP: expected ${expected}, got ${reply.trim()}`));
        step += 1;
        if (step === steps.length) {
          socket.end();
          return resolve();
        }
        socket.write(`${steps[step]![0]}\r\n`);
      }
    });
  });
}

/** Messages Mailpit holds. */
export async function mailCount(opts: InfraOptions): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${opts.ports.mailpit}/api/v1/messages`);
  if (response.status !== 200) throw new Error(`Mailpit /api/v1/messages answered ${response.status}`);
  return ((await response.json()) as { total: number }).total;
}
