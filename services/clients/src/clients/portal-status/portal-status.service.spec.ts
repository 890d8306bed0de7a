import { Logger } from '@nestjs/common';
import { ClientUpdater } from '../client-updater';
import { Client } from '../domain/client';
import { InMemoryClientRepository } from '../testing/in-memory-client.repository';
import { PortalStatusService } from './portal-status.service';

Logger.overrideLogger(false);

const t = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute));

describe('PortalStatusService', () => {
  const setup = () => {
    const repository = new InMemoryClientRepository();
    const service = new PortalStatusService(new ClientUpdater(repository), repository);
    const add = (firmId: string) => {
      const client = Client.create({
        firmId,
        kind: 'individual',
        displayName: 'Jane',
        emails: ['jane@example.com'],
        contacts: [{ name: 'John', relationship: 'spouse', email: 'john@example.com' }],
      });
      repository.stored.set(client.id, client);
      return client;
    };
    const read = (client: Client) => repository.stored.get(client.id)!;
    return { repository, service, add, read };
  };

  it('marks the invited person, then gives them the portal', async () => {
    const { service, add, read } = setup();
    const client = add('f-1');
    const spouse = client.props.contacts[0].contactId;
    await service.invitationIssued({ firmId: 'f-1', clientId: client.id, contactId: spouse }, t(1));
    expect(read(client).contact(spouse)?.portal.status).toBe('invited');
    expect(read(client).props.portal.status).toBe('none');
    await service.accessGranted({ firmId: 'f-1', clientId: client.id, contactId: spouse }, 'user-1', t(2));
    expect(read(client).contact(spouse)?.portal).toMatchObject({ status: 'has_portal', userIds: ['user-1'] });
  });

  it('sets the last login only on the records of the firm whose portal was entered', async () => {
    const { service, add, read } = setup();
    const inFirmA = add('f-a');
    const inFirmB = add('f-b');
    await service.accessGranted({ firmId: 'f-a', clientId: inFirmA.id, contactId: null }, 'user-1', t(1));
    await service.accessGranted({ firmId: 'f-b', clientId: inFirmB.id, contactId: inFirmB.props.contacts[0].contactId }, 'user-1', t(2));
    await service.loggedIn('f-b', 'user-1', t(5));
    expect(read(inFirmB).props.contacts[0].portal.lastLoginAt).toEqual(t(5));
    expect(read(inFirmA).props.portal.lastLoginAt).toBeNull();
  });

  it('applies a redelivered event once: the second delivery writes nothing', async () => {
    const { repository, service, add } = setup();
    const client = add('f-1');
    await service.invitationIssued({ firmId: 'f-1', clientId: client.id, contactId: null }, t(1));
    await service.invitationIssued({ firmId: 'f-1', clientId: client.id, contactId: null }, t(1));
    expect(repository.writes).toBe(1);
  });

  it('skips an event about a client of another firm, an unknown client or an unknown contact, without failing', async () => {
    const { repository, service, add } = setup();
    const client = add('f-1');
    await service.invitationIssued({ firmId: 'f-2', clientId: client.id, contactId: null }, t(1));
    await service.invitationIssued({ firmId: 'f-1', clientId: 'unknown', contactId: null }, t(1));
    await service.accessGranted({ firmId: 'f-1', clientId: client.id, contactId: 'removed-contact' }, 'user-1', t(1));
    await service.loggedIn('f-1', 'nobody', t(1));
    expect(repository.writes).toBe(0);
  });
});
