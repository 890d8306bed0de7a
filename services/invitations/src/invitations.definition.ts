import { baseServiceEnv } from '@portico/config';
import type { ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';

export const invitationsEnv = baseServiceEnv;

export const invitationsDefinition: ServiceDefinition<typeof invitationsEnv> = { name: 'invitations', env: invitationsEnv, module: AppModule };
