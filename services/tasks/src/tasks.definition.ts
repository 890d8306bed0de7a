import { baseServiceEnv } from '@portico/config';
import type { ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';

export const tasksEnv = baseServiceEnv;

export const tasksDefinition: ServiceDefinition<typeof tasksEnv> = { name: 'tasks', env: tasksEnv, module: AppModule };
