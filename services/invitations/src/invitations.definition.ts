import { eventConsumer, type ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';
import { invitationsEnv } from './invitations.env';

export const invitationsDefinition: ServiceDefinition<typeof invitationsEnv> = {
  name: 'invitations',
  env: invitationsEnv,
  module: AppModule,
  events: true,
  microservices: eventConsumer('invitations'),
};
