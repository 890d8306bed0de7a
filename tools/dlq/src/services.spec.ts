import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONSUMING_SERVICES, SERVICE_NAME } from './services';

/** Like deploy/k8s/generate-topics.ts: a service consumes when its definition says `eventConsumer('<name>')`. */
function consumersInSource(root: string): string[] {
  const found: string[] = [];
  for (const dir of readdirSync(join(root, 'services'), { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const src = join(root, 'services', dir.name, 'src');
    let files: string[] = [];
    try {
      files = readdirSync(src).filter((file) => file.endsWith('.definition.ts'));
    } catch {
      continue;
    }
    for (const file of files) {
      const match = /eventConsumer\(\s*['"]([a-z][a-z0-9-]*)['"]\s*\)/.exec(readFileSync(join(src, file), 'utf8'));
      if (match) found.push(match[1]!);
    }
  }
  return [...new Set(found)].sort();
}

describe('CONSUMING_SERVICES', () => {
  it("are the services whose definition starts an event consumer (add a new consumer's name here)", () => {
    expect([...CONSUMING_SERVICES]).toEqual(consumersInSource(resolve(__dirname, '../../..')));
  });

  it('are valid dead-letter topic names', () => {
    for (const service of CONSUMING_SERVICES) expect(service).toMatch(SERVICE_NAME);
  });
});
