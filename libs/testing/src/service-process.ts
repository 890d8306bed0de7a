import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './workspace';
import { waitFor } from './wait-for';

export interface ServiceProcessOptions {
  /** Folder name under services/, e.g. 'clients'. */
  service: string;
  env: Record<string, string>;
  /** Wait until GET /health/ready answers 200 (default true). */
  waitReady?: boolean;
  /** Which health endpoint `start()` waits for (default ready). */
  waitFor?: 'ready' | 'live';
  readyTimeoutMs?: number;
  /** The file to run (default: the workspace's `dist/services/<service>/src/main.js`), e.g. a production bundle's main.js. */
  main?: string;
  /** Working directory of the process (default: the test's). */
  cwd?: string;
}

/**
 * A Portico service started the way production starts it: the built `main.js` in its own
 * process, configured only through environment variables. Output is kept for assertions
 * and printed when the service fails to become ready.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private output = '';
  private exit?: Promise<number | null>;

  constructor(private readonly options: ServiceProcessOptions) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.options.env.PORT}`;
  }

  get logs(): string {
    return this.output;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<this> {
    const main = this.options.main ?? join(workspaceRoot(), 'dist', 'services', this.options.service, 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} does not exist: build first (./portico nx run ${this.options.service}:build)`);
    // A restart keeps the earlier output (a crash test wants both lives in its failure report).
    if (this.output) this.output += `\n--- ${this.options.service} restarted ---\n`;
    const child = spawn(process.execPath, [main], {
      cwd: this.options.cwd,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    if (this.options.waitReady !== false) {
      try {
        await waitFor(
          async () => {
            if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
            return (await this.health(this.options.waitFor ?? 'ready')) === 200;
          },
          { timeoutMs: this.options.readyTimeoutMs ?? 30_000, description: `${this.options.service} to be ready` },
        );
      } catch (error) {
        await this.stop();
        throw new Error(`${(error as Error).message}\n--- ${this.options.service} output ---\n${this.output.slice(-4000)}`);
      }
    }
    return this;
  }

  /** Status code of /health/live or /health/ready (0 when nothing answers). */
  async health(kind: 'live' | 'ready'): Promise<number> {
    try {
      const response = await fetch(`${this.baseUrl}/health/${kind}`, { signal: AbortSignal.timeout(5_000) });
      return response.status;
    } catch {
      return 0;
    }
  }

  /** Resolves with the exit code once the process has ended. */
  async exited(timeoutMs = 30_000): Promise<number | null> {
    if (!this.exit) throw new Error('not started');
    const timer = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${this.options.service} did not exit within ${timeoutMs} ms`)), timeoutMs).unref(),
    );
    return Promise.race([this.exit, timer]);
  }

  /** SIGKILL: the crash case (nothing gets to finish). */
  async kill(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exit;
    }
  }

  /** kill -9 then start again with the same environment and port (the crash-and-recover case). */
  async crashAndRestart(): Promise<this> {
    await this.kill();
    return this.start();
  }

  /** Sends SIGTERM and returns at once (to watch the drain); `exited()` waits for the end. */
  terminate(): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }

  /** SIGTERM and wait: the graceful case. */
  async stop(timeoutMs = 20_000): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return this.child?.exitCode ?? null;
    this.child.kill('SIGTERM');
    try {
      return await this.exited(timeoutMs);
    } catch {
      await this.kill();
      return null;
    }
  }
}
