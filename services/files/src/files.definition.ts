import { eventConsumer, KafkaReadiness, MongoReadiness, type ServiceDefinition } from '@portico/platform';
import { AppModule } from './app.module';
import { filesEnv } from './files.env';
import { S3Readiness } from './storage/s3.readiness';

export const filesDefinition: ServiceDefinition<typeof filesEnv> = {
  name: 'files',
  env: filesEnv,
  module: AppModule,
  events: true,
  readiness: [MongoReadiness, KafkaReadiness, S3Readiness],
  // The client directory (ClientCreated/ClientUpdated) and the to-dos (TodoCreated).
  microservices: eventConsumer('files'),
};
