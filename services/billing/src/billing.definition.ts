import { eventConsumer, type ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';
import { billingEnv } from './billing.env';

export const billingDefinition: ServiceDefinition<typeof billingEnv> = {
  name: 'billing',
  env: billingEnv,
  module: AppModule,
  events: true,
  // The client directory (ClientCreated/ClientUpdated): staff may only bill their own firm's clients.
  microservices: eventConsumer('billing'),
};
