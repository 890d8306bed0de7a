import { eventConsumer, type ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';
import { notificationsEnv } from './notifications.env';

export const notificationsDefinition: ServiceDefinition<typeof notificationsEnv> = {
  name: 'notifications',
  env: notificationsEnv,
  module: AppModule,
  events: true,
  microservices: eventConsumer('notifications'),
};
