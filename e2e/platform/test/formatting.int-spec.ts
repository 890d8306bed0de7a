import { workspaceRoot } from '@portico/testing';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `./portico test` starts with `prettier --check .`: these show that check covers the code and
// fails on code it would format differently.
function prettier(...args: string[]): { status: number | null; output: string } {
  const root = workspaceRoot();
  const result = spawnSync(process.execPath, [join(root, 'node_modules/prettier/bin/prettier.cjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('the formatter check', () => {
  it('fails on code formatted otherwise, and passes once prettier has formatted it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'portico-format-')), 'probe.ts');
    writeFileSync(file, 'export const probe = {a:1,\n  b: "two"}\n');
    // The project's settings; no ignore file, which would skip a path under /tmp (`tmp/`).
    const config = ['--config', join(workspaceRoot(), '.prettierrc.json'), '--ignore-path', ''];
    const unformatted = prettier('--check', ...config, file);
    expect(unformatted.status).not.toBe(0);
    expect(unformatted.output).toMatch(/Code style issues found/);

    expect(prettier('--write', ...config, file).status).toBe(0);
    expect(prettier('--check', ...config, file)).toMatchObject({ status: 0 });
  });

  it('covers the code of services, libraries, tests and tools, and leaves built and generated files alone', () => {
    const ignored = (path: string) => ({ path, ignored: (JSON.parse(prettier('--file-info', path).output) as { ignored: boolean }).ignored });
    for (const path of [
      'services/clients/src/main.ts',
      'libs/mongo/src/batch.ts',
      'e2e/platform/test/formatting.int-spec.ts',
      'tools/bench/bulk.ts',
      'eslint.config.mjs',
    ]) {
      expect(ignored(path)).toEqual({ path, ignored: false });
    }
    for (const path of ['dist/services/clients/src/main.js', 'node_modules/nx/package.json', 'docs/asyncapi.json', 'README.md']) {
      expect(ignored(path)).toEqual({ path, ignored: true });
    }
  });
});
