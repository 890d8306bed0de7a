/**
 * Writes docs/asyncapi.json from the event catalogue; `--check` only compares and exits 1 when
 * the committed file is out of date. Run through Nx from the workspace root:
 * `npx nx run contracts:asyncapi` (or `npx nx run contracts:asyncapi-check`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ASYNCAPI_COMMAND, asyncApiDocument } from './asyncapi';

export const ASYNCAPI_PATH = 'docs/asyncapi.json';

/** The file's exact expected content: the document's version is the workspace's. */
export function renderAsyncApi(workspaceRoot: string): string {
  const { version } = JSON.parse(readFileSync(resolve(workspaceRoot, 'package.json'), 'utf8')) as { version: string };
  return `${JSON.stringify(asyncApiDocument(undefined, undefined, { version }), null, 2)}\n`;
}

function main(args: readonly string[]): number {
  const root = process.cwd();
  const file = resolve(root, ASYNCAPI_PATH);
  const expected = renderAsyncApi(root);
  if (args.includes('--check')) {
    let actual: string | null = null;
    try {
      actual = readFileSync(file, 'utf8');
    } catch {
      actual = null;
    }
    if (actual === expected) {
      process.stdout.write(`${ASYNCAPI_PATH} is up to date\n`);
      return 0;
    }
    console.error(`${ASYNCAPI_PATH} is ${actual === null ? 'missing' : 'out of date'} with the event catalogue: run \`${ASYNCAPI_COMMAND}\` and commit it.`);
    return 1;
  }
  writeFileSync(file, expected);
  process.stdout.write(`wrote ${ASYNCAPI_PATH}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
