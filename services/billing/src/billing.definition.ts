import { baseServiceEnv } from '@portico/config';
import { eventConsumer, eventsEnv, type ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';

export const billingEnv = baseServiceEnv.extend(eventsEnv.shape);

export const billingDefinition: ServiceDefinition<typeof billingEnv> = {
  name: 'billing',
  env: billingEnv,
  module: AppModule,
  events: true,
  // The client directory (ClientCreated/ClientUpdated): staff may only bill their own firm's clients.
  microservices: eventConsumer('billing'),
};
