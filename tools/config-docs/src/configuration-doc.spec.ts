import { text } from '@portico/config';
import { resolve } from 'node:path';
import { z } from 'zod';
import { configurationDocProblem } from './generate';
import { BEGIN_MARKER, END_MARKER, renderReference, withReference } from './render';
import { SERVICE_SCHEMAS } from './schemas';

describe('docs/configuration.md', () => {
  it('is what the env schemas render (regenerate it when this fails)', () => {
    expect(configurationDocProblem(resolve(__dirname, '../../..'))).toBeUndefined();
  });

  it('covers every service, the gateway included', () => {
    expect(SERVICE_SCHEMAS.map((entry) => entry.service).sort()).toEqual([
      'billing',
      'clients',
      'files',
      'gateway',
      'identity',
      'invitations',
      'notifications',
      'tasks',
    ]);
  });
});

describe('the rendered reference', () => {
  const common = z.object({
    PORT: z.coerce.number().describe('Port.'),
    LEVEL: z.enum(['info', 'debug']).default('info').describe('Level | verbosity.'),
  });
  const services = [
    { service: 'alpha', file: 'alpha.env.ts', schema: common.extend({ DB_PASSWORD: text().describe('Database password.') }) },
    { service: 'beta', file: 'beta.env.ts', schema: common.extend({ LEVEL: z.enum(['info', 'debug']).default('debug').describe('Level | verbosity.') }) },
    { service: 'gamma', file: 'gamma.env.ts', schema: common },
  ];
  const reference = renderReference([{ title: 'Basics', readBy: 'everyone', schema: common }], services);

  it('lists the common variables once, with default, requiredness and meaning', () => {
    expect(reference).toContain('| `PORT` |  | yes |  | Port. |');
    expect(reference).toContain('| `LEVEL` | `info` |  |  | Level \\| verbosity. One of `info`, `debug`. |');
  });

  it("lists a service's own variables, secrets with their _FILE, and common ones whose default it changes", () => {
    expect(reference).toContain('Schema: `alpha.env.ts`. Reads the common Basics variables, and:');
    expect(reference).toContain('| `DB_PASSWORD` |  | yes | yes: give it as `DB_PASSWORD_FILE`; production refuses placeholders | Database password. |');
    expect(reference).toContain('| `LEVEL` | `debug` |  |  | Level \\| verbosity. One of `info`, `debug`. (Differs from the common LEVEL.) |');
    expect(reference).toContain('Schema: `gamma.env.ts`. Reads the common Basics variables, nothing more.');
  });

  it('replaces only the block between the markers', () => {
    const document = `# Title\nprose\n${BEGIN_MARKER}\nstale\n${END_MARKER}\nafter\n`;
    expect(withReference(document, 'fresh\n')).toBe(`# Title\nprose\n${BEGIN_MARKER}\n\nfresh\n\n${END_MARKER}\nafter\n`);
    expect(() => withReference('# no markers', 'x')).toThrow('markers are missing');
  });
});
