/**
 * Renders the variable reference of docs/configuration.md from every service's env schema (the
 * block between the markers; the prose around it is written by hand). `--check` only compares
 * and exits 1 when the committed file is out of date. Run through Nx from the workspace root:
 * `./portico nx run config-docs:generate` (or `config-docs:check`; the unit tests check it too).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REGENERATE_COMMAND, renderReference, withReference } from './render';
import { COMMON_GROUPS, SERVICE_SCHEMAS } from './schemas';

export const CONFIGURATION_DOC = 'docs/configuration.md';

/** Undefined when the committed file is what the schemas render, else what is wrong and how to fix it. */
export function configurationDocProblem(workspaceRoot: string): string | undefined {
  let actual: string;
  try {
    actual = readFileSync(resolve(workspaceRoot, CONFIGURATION_DOC), 'utf8');
  } catch {
    return `${CONFIGURATION_DOC} is missing`;
  }
  const expected = withReference(actual, renderReference(COMMON_GROUPS, SERVICE_SCHEMAS));
  return actual === expected ? undefined : `${CONFIGURATION_DOC} is out of date with the env schemas: run \`${REGENERATE_COMMAND}\` and commit it.`;
}

function main(args: readonly string[]): number {
  const root = process.cwd();
  if (args.includes('--check')) {
    const problem = configurationDocProblem(root);
    if (problem === undefined) {
      process.stdout.write(`${CONFIGURATION_DOC} is up to date\n`);
      return 0;
    }
    console.error(problem);
    return 1;
  }
  const file = resolve(root, CONFIGURATION_DOC);
  writeFileSync(file, withReference(readFileSync(file, 'utf8'), renderReference(COMMON_GROUPS, SERVICE_SCHEMAS)));
  process.stdout.write(`wrote ${CONFIGURATION_DOC}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
