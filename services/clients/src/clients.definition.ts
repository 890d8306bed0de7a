import { eventConsumer, type ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';
import { clientsEnv } from './clients.env';

export const clientsDefinition: ServiceDefinition<typeof clientsEnv> = {
  name: 'clients',
  env: clientsEnv,
  module: AppModule,
  events: true,
  // Portal status per client and contact, from invitations' and identity's events.
  microservices: eventConsumer('clients'),
};
