import { baseServiceEnv } from '@portico/config';
import { eventsEnv, type ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';

export const clientsEnv = baseServiceEnv.extend(eventsEnv.shape);

export const clientsDefinition: ServiceDefinition<typeof clientsEnv> = { name: 'clients', env: clientsEnv, module: AppModule, events: true };
