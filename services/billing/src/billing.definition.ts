import { baseServiceEnv } from '@portico/config';
import type { ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';

export const billingEnv = baseServiceEnv;

export const billingDefinition: ServiceDefinition<typeof billingEnv> = { name: 'billing', env: billingEnv, module: AppModule };
