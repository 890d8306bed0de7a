import { baseServiceEnv } from '@portico/config';
import { eventConsumer, eventsEnv, type ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';

export const invitationsEnv = baseServiceEnv.extend(eventsEnv.shape);

export const invitationsDefinition: ServiceDefinition<typeof invitationsEnv> = {
  name: 'invitations',
  env: invitationsEnv,
  module: AppModule,
  events: true,
  microservices: eventConsumer('invitations'),
};
