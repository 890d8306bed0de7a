import { Global, Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { EVENT_PUBLISHER_OPTIONS, EventPublisher, type EventPublisherOptions } from './event-publisher';

export interface KafkaModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest's own factory signature
  useFactory: (...args: any[]) => EventPublisherOptions | Promise<EventPublisherOptions>;
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
}

/** Provides the service's `EventPublisher` (consuming is the `KafkaEventServer` strategy's job). */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(options: EventPublisherOptions): DynamicModule {
    return {
      module: KafkaModule,
      providers: [{ provide: EVENT_PUBLISHER_OPTIONS, useValue: options }, EventPublisher],
      exports: [EventPublisher],
    };
  }

  static forRootAsync(options: KafkaModuleAsyncOptions): DynamicModule {
    return {
      module: KafkaModule,
      imports: options.imports ?? [],
      providers: [{ provide: EVENT_PUBLISHER_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }, EventPublisher],
      exports: [EventPublisher],
    };
  }
}
