import type { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { KafkaEventServer, MongoProcessedEventStore } from '@portico/messaging';
import { type ServiceDefinition } from '@portico/platform';
import type { Connection } from 'mongoose';
import { AppModule } from './app.module';
import { invitationsEnv, type InvitationsConfig } from './invitations.env';

/**
 * The platform's event consumer, with the partitions of a replica consumed concurrently (order
 * is kept within a partition, i.e. per key): a bulk job's InvitationRequested events, keyed by
 * invitation id, are issued in parallel, and a fresh consumer group catches up faster.
 */
function invitationsConsumer(app: INestApplication, config: Readonly<InvitationsConfig>) {
  return [
    new KafkaEventServer({
      brokers: config.KAFKA_BROKERS,
      clientId: 'invitations',
      groupId: config.KAFKA_GROUP_ID ?? 'invitations',
      service: 'invitations',
      processedEvents: new MongoProcessedEventStore(app.get<Connection>(getConnectionToken())),
      partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONCURRENTLY,
    }),
  ];
}

export const invitationsDefinition: ServiceDefinition<typeof invitationsEnv> = {
  name: 'invitations',
  env: invitationsEnv,
  module: AppModule,
  events: true,
  microservices: invitationsConsumer,
  configure: (app) => {
    // Bulk invitations take up to 10,000 client ids (JSON) or a CSV upload (text/csv body).
    app.useBodyParser('json', { limit: '5mb' });
    app.useBodyParser('text', { type: 'text/csv', limit: '5mb' });
  },
};
