// Installs into the cache: each step owns a version-keyed directory, is skipped when its
// marker says it completed with the same inputs, and is serialized across processes by a
// lock (parallel test workers may all ask for the same install).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { say, type InfraOptions } from './options.ts';
import { InfraError, seconds, tailLines, withLock } from './util.ts';

export interface InstallStep {
  /** Shown in progress lines, e.g. "versitygw v1.7.0". */
  label: string;
  /** Version-keyed directory the step fills; wiped before a (re)install. */
  dir: string;
  /** File that exists only after a successful install. */
  artifact: string;
  /** Changes whenever the inputs change (versions, pom, sources): forces a reinstall. */
  fingerprint: string;
  /** Rough duration of a first install, for the progress line. */
  expected: string;
  /** Does the work; `logFile` collects the tools' output. */
  run: (logFile: string) => Promise<void>;
}

const HEARTBEAT_MS = 15_000;

export function fingerprintOf(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
}

function markerFile(step: InstallStep): string {
  return join(step.dir, '.installed');
}

export function isInstalled(step: InstallStep): boolean {
  try {
    return existsSync(step.artifact) && readFileSync(markerFile(step), 'utf8').trim() === step.fingerprint;
  } catch {
    return false;
  }
}

/** Runs a build tool, appending its output to `logFile`; rejects with the log tail on failure. */
export function runTool(command: string, args: string[], options: { cwd: string; env?: Record<string, string>; logFile: string }): Promise<string> {
  appendFileSync(options.logFile, `$ ${command} ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      appendFileSync(options.logFile, chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => appendFileSync(options.logFile, chunk));
    child.on('error', (err: NodeJS.ErrnoException) => {
      const hint = err.code === 'ENOENT' ? ` ('${command}' is not on PATH: Java 17 + Maven and Go are needed)` : '';
      reject(new InfraError(`could not run ${command}: ${err.message}${hint}`));
    });
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new InfraError(`${command} ${args[0] ?? ''} failed with exit code ${code} (log: ${options.logFile})`, tailLines(options.logFile, 20)));
    });
  });
}

/** Installs `step` unless already installed; prints progress and a heartbeat while it runs. */
export async function ensureInstalled(opts: InfraOptions, step: InstallStep): Promise<boolean> {
  if (isInstalled(step)) return false;
  const name = step.label.replace(/[^\w.-]+/g, '-');
  const onWait = (owner: number): void => say(opts, `    waiting for another install of ${step.label} (pid ${owner || '?'})...`);
  return withLock(join(opts.cache, '.locks', `${name}.lock`), onWait, async () => {
    if (isInstalled(step)) return false; // another process finished it while we waited
    const t0 = Date.now();
    say(opts, `==> installing ${step.label} (first run only, ${step.expected})...`);
    const heartbeat = setInterval(() => say(opts, `    ${step.label}: still working (${seconds(Date.now() - t0)})...`), HEARTBEAT_MS);
    try {
      // Start clean: leftovers of an interrupted or older install must not end up on a classpath.
      rmSync(step.dir, { recursive: true, force: true });
      mkdirSync(step.dir, { recursive: true });
      const logFile = join(opts.cache, 'logs', `install-${name}.log`);
      mkdirSync(join(opts.cache, 'logs'), { recursive: true });
      writeFileSync(logFile, '');
      await step.run(logFile);
      if (!existsSync(step.artifact)) throw new InfraError(`${step.label}: install finished but ${step.artifact} is missing (log: ${logFile})`);
      writeFileSync(markerFile(step), `${step.fingerprint}\n`); // only now: an interrupted install is redone
    } finally {
      clearInterval(heartbeat);
    }
    say(opts, `==> ${step.label} done in ${seconds(Date.now() - t0)}`);
    return true;
  });
}

/** `mvn dependency:copy-dependencies` of `pom` into `libDir` (runtime scope). */
export function mavenCopyDependencies(pom: string, libDir: string, logFile: string, cwd: string): Promise<string> {
  return runTool(
    'mvn',
    ['-q', '-B', '-Dstyle.color=never', 'dependency:copy-dependencies', `-DoutputDirectory=${libDir}`, '-DincludeScope=runtime', '-f', pom],
    { cwd, logFile },
  );
}

/** `go install module@version` into `binDir`. */
export function goInstall(moduleAtVersion: string, binDir: string, logFile: string): Promise<string> {
  // Run outside the repository so no go.mod / go.work of ours can interfere.
  mkdirSync(binDir, { recursive: true });
  return runTool('go', ['install', moduleAtVersion], { cwd: binDir, env: { GOBIN: binDir }, logFile });
}
