import { randomBytes } from 'node:crypto';

/**
 * A database name of its own for each test file. Names always start with `test_`, and the
 * harness refuses to drop anything else (a test must never touch a real database).
 */
export function testDatabaseName(label: string): string {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
  return `test_${safe}_${randomBytes(4).toString('hex')}`;
}

export function assertTestDatabase(name: string): void {
  if (!name.startsWith('test_')) throw new Error(`Refusing to use database "${name}" in a test: its name must start with "test_"`);
}

/** A name no other test file (or run) uses, for topics and consumer groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
