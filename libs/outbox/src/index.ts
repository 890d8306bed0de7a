export { outboxPlugin, withEvents, type OutboxFields } from './outbox.plugin';
export { MongooseOutboxStore, type OutboxStore, type OutboxClaimRequest, type ClaimedOutbox, type PublishedOutbox, type OutboxBacklog } from './outbox-store';
export { OutboxRelay, OUTBOX_RELAY_OPTIONS, type OutboxRelayOptions, type OutboxRelayMetrics } from './outbox-relay';
export { OutboxModule } from './outbox.module';
