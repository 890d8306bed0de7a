import { eventConsumer, type ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';
import { identityEnv } from './identity.env';
import { hideInvitationTokens } from './invitation-grants/link-token';

export const identityDefinition: ServiceDefinition<typeof identityEnv> = {
  name: 'identity',
  env: identityEnv,
  module: AppModule,
  events: true,
  microservices: eventConsumer('identity'),
  configure: (app) => app.use(hideInvitationTokens),
};
