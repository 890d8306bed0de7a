import type { Endpoints } from '@portico/local-infra';
import { endpoints as localEndpoints, resolveOptions, up } from '@portico/local-infra';
import { startContainers } from './containers';

/**
 * The one seam through which tests get their servers.
 *  - `local` (default, and all that runs on machines without Docker): the project's own
 *    servers of the `test` profile (infra/), started if they are not running.
 *  - `testcontainers` (PORTICO_TEST_INFRA=testcontainers, needs a Docker engine): the same
 *    servers' official images, started by the jest global setup.
 * The global setup publishes the endpoints in PORTICO_TEST_ENDPOINTS; test files read them
 * with `testEndpoints()`.
 */
export type InfraMode = 'local' | 'testcontainers';

export function infraMode(env: NodeJS.ProcessEnv = process.env): InfraMode {
  const mode = env.PORTICO_TEST_INFRA ?? 'local';
  if (mode !== 'local' && mode !== 'testcontainers') {
    throw new Error(`PORTICO_TEST_INFRA must be "local" or "testcontainers" (got "${mode}")`);
  }
  return mode;
}

export interface ProvidedInfra {
  endpoints: Endpoints;
  stop(): Promise<void>;
}

export async function provideInfra(env: NodeJS.ProcessEnv = process.env): Promise<ProvidedInfra> {
  if (infraMode(env) === 'testcontainers') return startContainers();
  const options = resolveOptions({ ...env, PORTICO_PROFILE: env.PORTICO_PROFILE ?? 'test' });
  await up(options);
  // Local servers outlive the run: `./portico test` stops them if it started them.
  return { endpoints: localEndpoints(options), stop: async () => undefined };
}

export function testEndpoints(): Endpoints {
  const raw = process.env.PORTICO_TEST_ENDPOINTS;
  if (raw) return JSON.parse(raw) as Endpoints;
  return localEndpoints(resolveOptions({ ...process.env, PORTICO_PROFILE: process.env.PORTICO_PROFILE ?? 'test' }));
}
