import { closeSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A failure meant for a person: `message` is one line, `details` (e.g. a log tail) may follow it. */
export class InfraError extends Error {
  details?: string;

  constructor(message: string, details?: string) {
    super(message);
    this.name = 'InfraError';
    this.details = details;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Bytes of `file` from offset `from` (at most `max`); empty when the file does not exist. */
export function readBytes(file: string, from: number, max = 1 << 20): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const buf = Buffer.alloc(Math.max(0, Math.min(max, fileSize(file) - from)));
    const n = readSync(fd, buf, 0, buf.length, from);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The last `count` lines of `file`, ignoring anything before byte `from` (an earlier run). */
export function tailLines(file: string, count = 20, from = 0): string {
  const start = Math.max(from, fileSize(file) - 64 * 1024);
  const lines = readBytes(file, start).toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-count).join('\n');
}

function lockOwner(lock: string): number {
  try {
    return Number(readFileSync(join(lock, 'pid'), 'utf8')) || 0;
  } catch {
    return 0; // just created, pid not written yet (or just released)
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding a cross-process lock: the directory `lock` (mkdir is atomic) holding the
 * owner's pid. A lock left by a dead process is taken over; `onWait` is told once if we wait.
 */
export async function withLock<T>(lock: string, onWait: (owner: number) => void, fn: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(lock), { recursive: true });
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      const owner = lockOwner(lock);
      if (owner > 0 && owner !== process.pid && !isRunning(owner)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!told) onWait(owner);
      told = true;
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
