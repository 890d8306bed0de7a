import { baseServiceEnv } from '@portico/config';
import { eventConsumer, eventsEnv, type ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';

export const clientsEnv = baseServiceEnv.extend(eventsEnv.shape);

export const clientsDefinition: ServiceDefinition<typeof clientsEnv> = {
  name: 'clients',
  env: clientsEnv,
  module: AppModule,
  events: true,
  // Portal status per client and contact, from invitations' and identity's events.
  microservices: eventConsumer('clients'),
};
