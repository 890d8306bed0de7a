import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding nx.json (PORTICO_ROOT when set). */
export function workspaceRoot(): string {
  if (process.env.PORTICO_ROOT) return process.env.PORTICO_ROOT;
  let dir = process.cwd();
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('nx.json not found above the current directory');
    dir = parent;
  }
  return dir;
}
