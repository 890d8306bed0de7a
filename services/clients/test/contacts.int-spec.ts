import { Topics, type EventEnvelope } from '@portico/contracts';
import { v7 as uuidv7 } from 'uuid';
import { ClientsHarness } from './support';

interface ContactBody {
  contactId: string;
  name: string;
  relationship: string;
  email: string | null;
  active: boolean;
  billable: boolean;
  portal: { status: string };
}

interface SnapshotPayload {
  clientId: string;
  displayName: string;
  emails: string[];
  contacts: Omit<ContactBody, 'portal'>[];
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Client records and their linked contacts through the built service: HTTP in, documents and
// ClientCreated/ClientUpdated (outbox -> Kafka) out.
describe('clients with linked contacts (built main.js, real MongoDB and Kafka)', () => {
  const harness = new ClientsHarness('clients_contacts');
  const firmA = uuidv7();
  const firmB = uuidv7();
  let staffA: string;
  let staffB: string;

  beforeAll(async () => {
    await harness.start();
    staffA = harness.staffToken(firmA);
    staffB = harness.staffToken(firmB);
  });

  afterAll(() => harness.stop());

  const createJane = async () => {
    const res = await harness.call('POST', '/clients', staffA, {
      kind: 'individual',
      displayName: 'Jane Doe',
      emails: ['jane@example.test'],
      contacts: [
        { name: ' John Doe ', relationship: 'spouse', email: 'John@Example.test', active: false, billable: false },
        { name: 'Acme Payroll', relationship: 'employer' },
      ],
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; contacts: ContactBody[] };
  };

  it('creates a client with its contacts, each with an id and no portal yet', async () => {
    const created = await createJane();
    expect(created.contacts).toEqual([
      {
        contactId: expect.stringMatching(UUID_V7),
        name: 'John Doe',
        relationship: 'spouse',
        email: 'john@example.test',
        active: false,
        billable: false,
        portal: { status: 'none', invitedAt: null, accessGrantedAt: null, lastLoginAt: null },
      },
      {
        contactId: expect.stringMatching(UUID_V7),
        name: 'Acme Payroll',
        relationship: 'employer',
        email: null,
        active: true,
        billable: false,
        portal: expect.objectContaining({ status: 'none' }),
      },
    ]);
    expect(created).toMatchObject({ portal: { status: 'none', invitedAt: null, accessGrantedAt: null, lastLoginAt: null } });

    const read = await harness.call('GET', `/clients/${created.id}`, staffA);
    expect(read.status).toBe(200);
    expect(read.body.contacts).toEqual(created.contacts);
  });

  it('patches the client and manages its contacts, each change published as ClientUpdated in order', async () => {
    const jane = await createJane();
    const [spouse, employer] = jane.contacts;

    const patched = await harness.call('PATCH', `/clients/${jane.id}`, staffA, {
      displayName: ' Jane Smith ',
      emails: ['Jane@Example.test', 'js@example.test'],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: jane.id, kind: 'individual', displayName: 'Jane Smith', emails: ['jane@example.test', 'js@example.test'] });
    expect(patched.body.contacts).toHaveLength(2);

    const added = await harness.call('POST', `/clients/${jane.id}/contacts`, staffA, {
      name: 'Sam Smith',
      relationship: 'child',
      email: 'sam@example.test',
      billable: true,
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      contactId: expect.stringMatching(UUID_V7),
      name: 'Sam Smith',
      relationship: 'child',
      email: 'sam@example.test',
      active: true,
      billable: true,
      portal: expect.objectContaining({ status: 'none' }),
    });

    const changed = await harness.call('PATCH', `/clients/${jane.id}/contacts/${spouse.contactId}`, staffA, { email: null, active: true });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ contactId: spouse.contactId, name: 'John Doe', relationship: 'spouse', email: null, active: true, billable: false });

    const removed = await harness.call('DELETE', `/clients/${jane.id}/contacts/${employer.contactId}`, staffA);
    expect(removed.status).toBe(204);
    expect((await harness.call('DELETE', `/clients/${jane.id}/contacts/${employer.contactId}`, staffA)).body).toMatchObject({
      statusCode: 404,
      message: 'Contact not found',
    });

    const final = (await harness.call('GET', `/clients/${jane.id}`, staffA)).body as { contacts: ContactBody[] };
    expect(final.contacts.map(({ name, email, active }) => ({ name, email, active }))).toEqual([
      { name: 'John Doe', email: null, active: true },
      { name: 'Sam Smith', email: 'sam@example.test', active: true },
    ]);

    // One key (the client id), one partition: the events arrive in the order of the changes.
    const events = await harness.readTopic(
      Topics.clientsClient.name,
      (event) => event.key === jane.id,
      (found) => found.length >= 5,
    );
    const payloads = events.map((event) => event.payload as SnapshotPayload);
    expect(events.map((event) => event.type)).toEqual(['ClientCreated', 'ClientUpdated', 'ClientUpdated', 'ClientUpdated', 'ClientUpdated']);
    expect(events.every((event: EventEnvelope) => event.firmId === firmA)).toBe(true);
    expect(payloads[1]).toMatchObject({ displayName: 'Jane Smith', emails: ['jane@example.test', 'js@example.test'] });
    expect(payloads[2].contacts.map((contact) => contact.name)).toEqual(['John Doe', 'Acme Payroll', 'Sam Smith']);
    expect(payloads[2].contacts[2]).toEqual({
      contactId: added.body.contactId,
      name: 'Sam Smith',
      relationship: 'child',
      email: 'sam@example.test',
      active: true,
      billable: true,
    });
    expect(payloads[3].contacts[0]).toMatchObject({ contactId: spouse.contactId, email: null, active: true });
    expect(payloads[4].contacts.map((contact) => contact.contactId)).toEqual([spouse.contactId, added.body.contactId]);

    // Every event left the document's outbox once published.
    expect((await harness.document(jane.id))?.outbox).toEqual([]);
  });

  it('writes nothing and emits nothing for a PATCH that changes nothing', async () => {
    const jane = await createJane();
    const before = await harness.document(jane.id);
    const same = await harness.call('PATCH', `/clients/${jane.id}`, staffA, { displayName: 'Jane Doe', emails: ['JANE@example.test'] });
    expect(same.status).toBe(200);
    expect((await harness.call('PATCH', `/clients/${jane.id}`, staffA, {})).status).toBe(200);
    const unchangedContact = await harness.call('PATCH', `/clients/${jane.id}/contacts/${jane.contacts[0].contactId}`, staffA, { active: false });
    expect(unchangedContact.status).toBe(200);
    expect((await harness.document(jane.id))?.revision).toBe(before?.revision);
  });

  it("answers 404 for another firm's client on every route, and changes nothing", async () => {
    const jane = await createJane();
    const contactId = jane.contacts[0].contactId;
    const attempts = [
      harness.call('GET', `/clients/${jane.id}`, staffB),
      harness.call('PATCH', `/clients/${jane.id}`, staffB, { displayName: 'Hijacked' }),
      harness.call('POST', `/clients/${jane.id}/contacts`, staffB, { name: 'Intruder', relationship: 'none' }),
      harness.call('PATCH', `/clients/${jane.id}/contacts/${contactId}`, staffB, { name: 'Hijacked' }),
      harness.call('DELETE', `/clients/${jane.id}/contacts/${contactId}`, staffB),
    ];
    for (const res of await Promise.all(attempts)) expect(res.body).toMatchObject({ statusCode: 404, message: 'Client not found' });

    const unchanged = (await harness.call('GET', `/clients/${jane.id}`, staffA)).body;
    expect(unchanged).toMatchObject({ displayName: 'Jane Doe', contacts: jane.contacts });
    expect((await harness.call('GET', '/clients', staffB)).body.items).toEqual([]);
  });

  it('answers 404 naming the contact when the client has no such contact', async () => {
    const jane = await createJane();
    const res = await harness.call('PATCH', `/clients/${jane.id}/contacts/${uuidv7()}`, staffA, { name: 'Nobody' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, message: 'Contact not found' });
  });

  describe('refusals', () => {
    const rules = (body: { errors: { field: string; rule: string }[] }) => body.errors.map(({ field, rule }) => `${field}:${rule}`).sort();

    it('answers 400 naming each bad contact field of a new client by its index', async () => {
      const res = await harness.call('POST', '/clients', staffA, {
        kind: 'individual',
        displayName: 'Jane',
        contacts: [
          { name: '', relationship: 'spouse', email: 'not-an-email', nickname: 'J' },
          { name: 'Sam', relationship: 'x'.repeat(51), active: 'yes' },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Validation failed' });
      expect(rules(res.body)).toEqual([
        'contacts.0.email:isEmail',
        'contacts.0.name:isNotEmpty',
        'contacts.0.nickname:whitelistValidation',
        'contacts.1.active:isBoolean',
        'contacts.1.relationship:maxLength',
      ]);
    });

    it('answers 400 for an email the event contracts refuse (not a 500 when the event is built)', async () => {
      const jane = await createJane();
      const res = await harness.call('POST', `/clients/${jane.id}/contacts`, staffA, { name: 'Odd', relationship: 'friend', email: 'odd!one@example.test' });
      expect(res.status).toBe(400);
      expect(rules(res.body)).toEqual(['email:isEmail']);
      expect(rules((await harness.call('PATCH', `/clients/${jane.id}`, staffA, { emails: ['jöhn@example.test'] })).body)).toEqual(['emails:isEmail']);
    });

    it('answers 400 for a PATCH that sets a required field to null', async () => {
      const jane = await createJane();
      const client = await harness.call('PATCH', `/clients/${jane.id}`, staffA, { displayName: null, kind: 'robot' });
      expect(client.status).toBe(400);
      expect(rules(client.body)).toEqual(expect.arrayContaining(['displayName:isString', 'kind:isIn']));
      const contact = await harness.call('PATCH', `/clients/${jane.id}/contacts/${jane.contacts[0].contactId}`, staffA, {
        name: null,
        billable: null,
        email: 'bad',
      });
      expect(contact.status).toBe(400);
      expect(rules(contact.body)).toEqual(expect.arrayContaining(['billable:isBoolean', 'email:isEmail', 'name:isString']));
    });

    it('answers 422 naming `contacts` when a client already has 50 contacts', async () => {
      const contacts = Array.from({ length: 50 }, (_, n) => ({ name: `Employee ${n}`, relationship: 'employee' }));
      const big = await harness.call('POST', '/clients', staffA, { kind: 'business', displayName: 'Big Co', contacts });
      expect(big.status).toBe(201);
      const res = await harness.call('POST', `/clients/${big.body.id}/contacts`, staffA, { name: 'One more', relationship: 'employee' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'A client has at most 50 linked contacts',
        errors: [{ field: 'contacts', rule: 'arrayMaxSize', message: 'A client has at most 50 linked contacts' }],
      });
      expect(
        rules((await harness.call('POST', '/clients', staffA, { kind: 'business', displayName: 'Too Big', contacts: [...contacts, contacts[0]] })).body),
      ).toEqual(['contacts:arrayMaxSize']);
    });
  });
});
