// Test helpers: import from test code only (this pulls in @jest/globals).
export { describeOutboxStoreContract, OutboxContractTestEvent, testEvent, type OutboxStoreFixture } from './outbox-store.contract';
export { InMemoryOutboxStore } from './in-memory-outbox-store';
