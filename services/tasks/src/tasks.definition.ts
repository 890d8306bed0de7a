import { eventConsumer, type ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';
import { tasksEnv } from './tasks.env';

export const tasksDefinition: ServiceDefinition<typeof tasksEnv> = {
  name: 'tasks',
  env: tasksEnv,
  module: AppModule,
  events: true,
  // The client directory (ClientCreated/ClientUpdated) and uploads that answer file requests (FileUploaded).
  microservices: eventConsumer('tasks'),
};
