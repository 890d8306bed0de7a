import { describeOutboxStoreContract } from './outbox-store.contract';
import { InMemoryOutboxStore } from './in-memory-outbox-store';

// The suite checks the fake the relay's unit tests use, and the suite itself.
describeOutboxStoreContract('InMemoryOutboxStore', async () => {
  const store = new InMemoryOutboxStore();
  return {
    store,
    create: async (name, events) => store.create({ name }, events),
    update: async (id, expectedName, name, events) => store.update(id, (state) => state.name === expectedName, { name }, events),
    read: async (id) => {
      const aggregate = store.read(id);
      if (!aggregate) throw new Error(`no aggregate ${id}`);
      return { name: String(aggregate.state.name), pendingEventIds: aggregate.outbox.map((event) => event.id) };
    },
    dispose: async () => undefined,
  };
});
