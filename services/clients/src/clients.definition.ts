import { baseServiceEnv } from '@portico/config';
import type { ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';

/** Nothing beyond the shared variables yet. */
export const clientsEnv = baseServiceEnv;

export const clientsDefinition: ServiceDefinition<typeof clientsEnv> = { name: 'clients', env: clientsEnv, module: AppModule };
