import { Module, type DynamicModule } from '@nestjs/common';
import { OUTBOX_RELAY_OPTIONS, OutboxRelay, type OutboxRelayOptions } from './outbox-relay';

/** Provides the service's `OutboxRelay`; needs `KafkaModule` (for `EventPublisher`) in the app. */
@Module({})
export class OutboxModule {
  static forRoot(options: OutboxRelayOptions = {}): DynamicModule {
    return {
      module: OutboxModule,
      providers: [{ provide: OUTBOX_RELAY_OPTIONS, useValue: options }, OutboxRelay],
      exports: [OutboxRelay],
    };
  }
}
