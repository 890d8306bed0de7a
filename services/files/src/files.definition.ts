import { baseServiceEnv } from '@portico/config';
import type { ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';

export const filesEnv = baseServiceEnv;

export const filesDefinition: ServiceDefinition<typeof filesEnv> = { name: 'files', env: filesEnv, module: AppModule };
