import { Client } from '../domain/client';
import { InMemoryClientRepository } from '../testing/in-memory-client.repository';
import { GetPortalClientService } from './get-portal-client.service';
import { PortalClientResponseDto } from './portal-client.response.dto';

describe('GetPortalClientService', () => {
  const setup = () => {
    const repository = new InMemoryClientRepository();
    const jane = Client.create({
      firmId: 'firm-a',
      kind: 'individual',
      displayName: 'Jane Doe',
      emails: ['jane@example.com'],
      contacts: [
        { name: 'Pat Doe', relationship: 'spouse', email: 'pat@example.com', active: false, billable: true },
        { name: 'Kid Doe', relationship: 'child' },
      ],
    }).recordPortalAccess(null, 'user-jane', new Date('2025-01-02T00:00:00Z'));
    const other = Client.create({ firmId: 'firm-a', kind: 'business', displayName: 'Other Ltd', emails: ['other@example.com'] });
    const elsewhere = Client.create({ firmId: 'firm-b', kind: 'individual', displayName: 'Elsewhere', emails: [] });
    for (const client of [jane, other, elsewhere]) repository.stored.set(client.id, client);
    const [pat, kid] = jane.props.contacts;
    return { repository, service: new GetPortalClientService(repository), jane, other, elsewhere, pat: pat!, kid: kid! };
  };

  it('reads the client the scope names, in the scope firm', async () => {
    const { service, jane, other } = setup();
    expect((await service.execute({ firmId: 'firm-a', clientId: jane.id, contactId: null }))?.client).toBe(jane);
    expect((await service.execute({ firmId: 'firm-a', clientId: other.id, contactId: null }))?.client).toBe(other);
  });

  it("finds nothing when the client id belongs to another firm than the scope's", async () => {
    const { service, elsewhere, jane } = setup();
    expect(await service.execute({ firmId: 'firm-a', clientId: elsewhere.id, contactId: null })).toBeUndefined();
    expect(await service.execute({ firmId: 'firm-b', clientId: jane.id, contactId: null })).toBeUndefined();
    expect(await service.execute({ firmId: 'firm-a', clientId: 'no-such-client', contactId: null })).toBeUndefined();
  });

  it('gives a linked contact their own entry, and nothing once they are no longer linked', async () => {
    const { repository, service, jane, pat } = setup();
    expect(await service.execute({ firmId: 'firm-a', clientId: jane.id, contactId: pat.contactId })).toEqual({ client: jane, contact: pat });
    repository.stored.set(jane.id, jane.removeContact(pat.contactId));
    expect(await service.execute({ firmId: 'firm-a', clientId: jane.id, contactId: pat.contactId })).toBeUndefined();
    expect(await service.execute({ firmId: 'firm-a', clientId: jane.id, contactId: 'not-a-contact' })).toBeUndefined();
  });
});

describe('PortalClientResponseDto', () => {
  const jane = Client.create({
    firmId: 'firm-a',
    kind: 'individual',
    displayName: 'Jane Doe',
    emails: ['jane@example.com', 'jane.work@example.com'],
    contacts: [
      { name: 'Pat Doe', relationship: 'spouse', email: 'pat@example.com', active: false, billable: true },
      { name: 'Kid Doe', relationship: 'child' },
    ],
  }).recordPortalAccess(null, 'user-jane', new Date('2025-01-02T00:00:00Z'));
  const pat = jane.props.contacts[0]!;

  it('shows the client their record without staff data or the linked contacts', () => {
    expect(PortalClientResponseDto.from({ client: jane, contact: null })).toEqual({
      clientId: jane.id,
      kind: 'individual',
      displayName: 'Jane Doe',
      emails: ['jane@example.com', 'jane.work@example.com'],
      contact: null,
    });
  });

  it("shows a linked contact the record and their own entry, not the client's addresses nor other contacts", () => {
    const view = PortalClientResponseDto.from({ client: jane, contact: pat });
    expect(view).toStrictEqual({
      clientId: jane.id,
      kind: 'individual',
      displayName: 'Jane Doe',
      contact: { contactId: pat.contactId, name: 'Pat Doe', relationship: 'spouse', email: 'pat@example.com' },
    });
    expect(JSON.stringify(view)).not.toMatch(/billable|active|portal|userIds|firmId|Kid Doe|jane@/);
  });
});
