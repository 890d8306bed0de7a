import { baseServiceEnv } from '@portico/config';
import type { ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';

export const notificationsEnv = baseServiceEnv;

export const notificationsDefinition: ServiceDefinition<typeof notificationsEnv> = { name: 'notifications', env: notificationsEnv, module: AppModule };
