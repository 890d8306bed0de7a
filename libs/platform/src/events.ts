import { DynamicModule, Global, Inject, Injectable, INestApplication, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { getConnectionToken } from '@nestjs/mongoose';
import { APP_CONFIG, flag } from '@portico/config';
import { allTopics, deadLetterTopicSpec } from '@portico/contracts';
import { ensureTopics, KafkaEventServer, KafkaModule, MongoProcessedEventStore } from '@portico/messaging';
import { OutboxModule, OutboxRelay } from '@portico/outbox';
import type { Connection } from 'mongoose';
import { z } from 'zod';

/** Variables of a service that publishes through the outbox. */
export const eventsEnv = z.object({
  // A replica may run without the relay (e.g. when the relay runs as its own deployment);
  // events then wait in the documents' outbox until a relay publishes them.
  OUTBOX_RELAY_ENABLED: flag().default(true),
});

interface EventsConfig {
  KAFKA_BROKERS: string[];
  OUTBOX_RELAY_ENABLED?: boolean;
}

/** Starts the relay once every feature module has registered its models (in onModuleInit). */
@Injectable()
class RelayStarter implements OnApplicationBootstrap {
  private readonly logger = new Logger('Outbox');

  constructor(
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: EventsConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.OUTBOX_RELAY_ENABLED === false) {
      this.logger.warn('OUTBOX_RELAY_ENABLED=false: events stay in the outbox until a relay runs');
      return;
    }
    this.relay.start();
  }
}

/**
 * Publishing for a service: the `EventPublisher` (idempotent producer, acks=all) and the
 * `OutboxRelay` that feature modules register their aggregate models with.
 */
@Global()
@Module({})
export class EventsModule {
  static forService(service: string): DynamicModule {
    return {
      module: EventsModule,
      imports: [
        KafkaModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: EventsConfig) => ({ brokers: config.KAFKA_BROKERS, clientId: service }) }),
        OutboxModule.forRoot(),
      ],
      providers: [RelayStarter],
      exports: [OutboxModule],
    };
  }
}

/** Creates every declared topic and this service's dead-letter topic (idempotent). */
export async function ensureServiceTopics(service: string, brokers: string[]): Promise<void> {
  await ensureTopics(brokers, [...allTopics, deadLetterTopicSpec(service)]);
}

/** The Kafka consumer of a service: its group is the service name, so replicas share partitions. */
export function eventConsumer(service: string) {
  return (
    app: INestApplication,
    config: { KAFKA_BROKERS: string[]; KAFKA_GROUP_ID?: string; KAFKA_PARTITIONS_CONCURRENTLY?: number; KAFKA_KEY_CONCURRENCY?: number },
  ): CustomTransportStrategy[] => [
    new KafkaEventServer({
      brokers: config.KAFKA_BROKERS,
      clientId: service,
      groupId: config.KAFKA_GROUP_ID ?? service,
      service,
      processedEvents: new MongoProcessedEventStore(app.get<Connection>(getConnectionToken())),
      partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONCURRENTLY,
      keyConcurrency: config.KAFKA_KEY_CONCURRENCY,
    }),
  ];
}
