import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The generated-file contract of deploy/k8s: write `expected` to `path` (relative to the
 * working directory), or with `--check` compare and fail on drift, naming the source and the
 * command that regenerates it. Resolves to the exit code.
 */
export function writeOrCheck(args: readonly string[], path: string, expected: string, source: string, command: string): number {
  const file = resolve(process.cwd(), path);
  if (args.includes('--check')) {
    let actual: string | null = null;
    try {
      actual = readFileSync(file, 'utf8');
    } catch {
      actual = null;
    }
    if (actual === expected) {
      process.stdout.write(`${path} is up to date\n`);
      return 0;
    }
    console.error(`${path} is ${actual === null ? 'missing' : 'out of date'} with ${source}: run \`${command}\` and commit it.`);
    return 1;
  }
  writeFileSync(file, expected);
  process.stdout.write(`wrote ${path}\n`);
  return 0;
}
