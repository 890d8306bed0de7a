import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  INestApplication,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { getConnectionToken } from '@nestjs/mongoose';
import { APP_CONFIG, flag } from '@portico/config';
import { allTopics, deadLetterTopicSpec } from '@portico/contracts';
import {
  ensureTopics,
  kafkaConnectionFromConfig,
  KafkaEventServer,
  KafkaModule,
  MongoProcessedEventStore,
  type KafkaConnectionConfig,
} from '@portico/messaging';
import { OutboxModule, OutboxRelay } from '@portico/outbox';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { sampledGauge } from './metrics';

/** Variables of a service that publishes through the outbox. */
export const eventsEnv = z.object({
  OUTBOX_RELAY_ENABLED: flag()
    .default(true)
    .describe(
      "Run the outbox relay (publishes events from the documents' outboxes) in this replica. false: e.g. when the relay runs as its own deployment; " +
        'events then wait until a relay publishes them.',
    ),
});

interface EventsConfig extends KafkaConnectionConfig {
  OUTBOX_RELAY_ENABLED?: boolean;
}

/** The Kafka settings of a service that creates (or checks) its topics and consumes. */
export interface ServiceKafkaConfig extends KafkaConnectionConfig {
  KAFKA_TOPICS_CREATE?: boolean;
  KAFKA_GROUP_ID?: string;
  KAFKA_PARTITIONS_CONCURRENTLY?: number;
  KAFKA_KEY_CONCURRENCY?: number;
  PROCESSED_EVENTS_RETENTION_DAYS?: number;
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

/** The outbox backlog as gauges, read from the database at each scrape (the same answer on every replica, relay or not). */
@Injectable()
class OutboxMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly removers: (() => void)[] = [];

  constructor(private readonly relay: OutboxRelay) {}

  onModuleInit(): void {
    // One read serves both gauges of a scrape.
    let current: { at: number; read: ReturnType<OutboxRelay['pending']> } | undefined;
    const backlog = () => {
      if (!current || Date.now() - current.at > 1000) current = { at: Date.now(), read: this.relay.pending() };
      return current.read;
    };
    this.removers.push(
      sampledGauge('portico_outbox_pending_events', 'Events written to outboxes and not yet published to Kafka.', async () => (await backlog()).events),
      sampledGauge(
        'portico_outbox_oldest_pending_age_seconds',
        'Age of the oldest event not yet published (0 when none is pending).',
        async () => {
          const oldest = (await backlog()).oldestOccurredAt;
          return oldest ? Math.max(0, (Date.now() - Date.parse(oldest)) / 1000) : 0;
        },
        'max',
      ),
    );
  }

  onModuleDestroy(): void {
    for (const remove of this.removers) remove();
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
        KafkaModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: EventsConfig) => ({ ...kafkaConnectionFromConfig(config), clientId: service }) }),
        OutboxModule.forRoot(),
      ],
      providers: [RelayStarter, OutboxMetrics],
      exports: [OutboxModule],
    };
  }
}

/**
 * Creates every declared topic and this service's dead-letter topic (idempotent); with
 * KAFKA_TOPICS_CREATE=false, checks that they exist instead (MissingTopicsError names the others).
 */
export async function ensureServiceTopics(service: string, config: ServiceKafkaConfig): Promise<void> {
  await ensureTopics(kafkaConnectionFromConfig(config), [...allTopics, deadLetterTopicSpec(service)], { create: config.KAFKA_TOPICS_CREATE ?? true });
}

/** The Kafka consumer of a service: its group is the service name, so replicas share partitions. */
export function eventConsumer(service: string) {
  return (app: INestApplication, config: ServiceKafkaConfig): CustomTransportStrategy[] => [
    new KafkaEventServer({
      ...kafkaConnectionFromConfig(config),
      clientId: service,
      groupId: config.KAFKA_GROUP_ID ?? service,
      service,
      processedEvents: new MongoProcessedEventStore(app.get<Connection>(getConnectionToken())),
      partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONCURRENTLY,
      keyConcurrency: config.KAFKA_KEY_CONCURRENCY,
      processedEventsRetentionMs: config.PROCESSED_EVENTS_RETENTION_DAYS === undefined ? undefined : config.PROCESSED_EVENTS_RETENTION_DAYS * 24 * 3600_000,
    }),
  ];
}
