import { eventConsumer, type ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';
import { invitationsEnv } from './invitations.env';

export const invitationsDefinition: ServiceDefinition<typeof invitationsEnv> = {
  name: 'invitations',
  env: invitationsEnv,
  module: AppModule,
  events: true,
  microservices: eventConsumer('invitations'),
  configure: (app) => {
    // Bulk invitations take up to 10,000 client ids (JSON) or a CSV upload (text/csv body).
    app.useBodyParser('json', { limit: '5mb' });
    app.useBodyParser('text', { type: 'text/csv', limit: '5mb' });
  },
};
