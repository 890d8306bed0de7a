import { clientUpdated } from './client.events';
import { ClientUpdater, ConcurrentClientChangeError } from './client-updater';
import { Client } from './domain/client';
import { InMemoryClientRepository } from './testing/in-memory-client.repository';

describe('ClientUpdater', () => {
  const setup = () => {
    const repository = new InMemoryClientRepository();
    const client = Client.create({ firmId: 'f-1', kind: 'individual', displayName: 'Jane', emails: [] });
    repository.stored.set(client.id, client);
    return { repository, client, updater: new ClientUpdater(repository) };
  };

  it('stores the change and its events, at the next revision', async () => {
    const { repository, client, updater } = setup();
    const result = await updater.apply(
      'f-1',
      client.id,
      (c) => c.update({ displayName: 'Jane Smith' }),
      (c) => [clientUpdated(c, 'corr-1')],
    );
    expect(result?.props).toMatchObject({ displayName: 'Jane Smith', revision: 1 });
    expect(repository.events.map((event) => [event.type, (event.payload as { displayName: string }).displayName])).toEqual([['ClientUpdated', 'Jane Smith']]);
  });

  it('writes nothing and emits nothing when the change changes nothing', async () => {
    const { repository, client, updater } = setup();
    const result = await updater.apply(
      'f-1',
      client.id,
      (c) => c.update({ displayName: 'Jane' }),
      (c) => [clientUpdated(c, 'corr-1')],
    );
    expect(result).toBe(client);
    expect(repository.writes).toBe(0);
    expect(repository.events).toEqual([]);
  });

  it("answers undefined for another firm's client", async () => {
    const { repository, client, updater } = setup();
    expect(await updater.apply('f-2', client.id, (c) => c.update({ displayName: 'Hijacked' }))).toBeUndefined();
    expect(repository.writes).toBe(0);
  });

  it('starts over from the fresh state when another write came first, so neither change is lost', async () => {
    const { repository, client, updater } = setup();
    // A staff rename lands between our read and our write.
    repository.beforeUpdate = () => {
      repository.beforeUpdate = undefined;
      const current = repository.stored.get(client.id)!;
      repository.stored.set(client.id, Client.restore({ ...current.update({ displayName: 'Renamed meanwhile' }).props, revision: current.props.revision + 1 }));
    };
    const result = await updater.apply('f-1', client.id, (c) => c.recordInvitation(null, new Date()));
    expect(result?.props).toMatchObject({ displayName: 'Renamed meanwhile', revision: 2, portal: expect.objectContaining({ status: 'invited' }) });
  });

  it('gives up after repeated lost races, naming the client', async () => {
    const { repository, client, updater } = setup();
    repository.beforeUpdate = () => {
      const current = repository.stored.get(client.id)!;
      repository.stored.set(client.id, Client.restore({ ...current.props, revision: current.props.revision + 1 }));
    };
    await expect(updater.apply('f-1', client.id, (c) => c.update({ displayName: 'Never' }))).rejects.toThrow(ConcurrentClientChangeError);
    expect(repository.writes).toBe(0);
  });
});
