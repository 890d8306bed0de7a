import type { ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';
import { identityEnv } from './identity.env';

export const identityDefinition: ServiceDefinition<typeof identityEnv> = { name: 'identity', env: identityEnv, module: AppModule };
