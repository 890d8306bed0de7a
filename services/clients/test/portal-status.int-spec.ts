import { createEvent, InvitationIssued, PortalAccessGranted, UserLoggedIn, type EventEnvelope } from '@portico/contracts';
import { waitFor } from '@portico/testing';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { ClientsHarness } from './support';

interface Portal {
  status: 'none' | 'invited' | 'has_portal';
  invitedAt: string | null;
  accessGrantedAt: string | null;
  lastLoginAt: string | null;
}

interface ClientBody {
  id: string;
  displayName: string;
  portal: Portal;
  contacts: { contactId: string; name: string; portal: Portal }[];
}

// The events invitations and identity will publish, built with the contracts and produced raw.
function invitationIssued(
  firmId: string,
  clientId: string,
  recipient: { kind: 'client' } | { kind: 'contact'; contactId: string } | { kind: 'extra' },
  email = 'someone@example.test',
) {
  return createEvent(
    InvitationIssued,
    {
      invitationId: uuidv7(),
      clientId,
      contactId: recipient.kind === 'contact' ? recipient.contactId : null,
      email,
      recipientKind: recipient.kind,
      tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    },
    { firmId, correlationId: randomUUID() },
  );
}

function portalAccessGranted(firmId: string, clientId: string, contactId: string | null, userId: string) {
  return createEvent(
    PortalAccessGranted,
    {
      userId,
      email: 'someone@example.test',
      firmId,
      clientId,
      contactId,
      recipientKind: contactId ? 'contact' : 'client',
      invitationId: uuidv7(),
      newAccount: true,
    },
    { firmId, correlationId: randomUUID() },
  );
}

function userLoggedIn(firmId: string, userId: string, at: string, role: 'client' | 'staff' = 'client') {
  return createEvent(UserLoggedIn, { userId, role, at }, { firmId, correlationId: randomUUID() });
}

describe('portal status and list filters (built main.js, real MongoDB and Kafka)', () => {
  const harness = new ClientsHarness('clients_portal');

  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  const create = async (token: string, displayName: string, emails: string[], contacts: object[] = []): Promise<ClientBody> => {
    const res = await harness.call('POST', '/clients', token, { kind: 'individual', displayName, emails, contacts });
    expect(res.status).toBe(201);
    return res.body as ClientBody;
  };

  const read = async (token: string, clientId: string): Promise<ClientBody> => (await harness.call('GET', `/clients/${clientId}`, token)).body as ClientBody;

  /** Polls the client until `ready` holds (the consumer applies events asynchronously). */
  const eventually = (token: string, clientId: string, ready: (client: ClientBody) => boolean, description: string) =>
    waitFor(
      async () => {
        const client = await read(token, clientId);
        return ready(client) ? client : undefined;
      },
      { timeoutMs: 30_000, description },
    );

  describe('status from events', () => {
    const firmId = uuidv7();
    let staff: string;
    let jane: ClientBody;
    let spouseId: string;
    let childId: string;
    const janeUser = uuidv7();
    const spouseUser = uuidv7();
    let janeLogin: EventEnvelope;

    beforeAll(async () => {
      staff = harness.staffToken(firmId);
      jane = await create(
        staff,
        'Jane Doe',
        ['jane@example.test'],
        [
          { name: 'John Doe', relationship: 'spouse', email: 'john@example.test', active: false, billable: false },
          { name: 'Sam Doe', relationship: 'child', email: 'sam@example.test' },
        ],
      );
      spouseId = jane.contacts[0].contactId;
      childId = jane.contacts[1].contactId;
    });

    it('reads "invited" for the client and the contact an invitation was issued to, and ignores extra emails', async () => {
      const issuedToJane = invitationIssued(firmId, jane.id, { kind: 'client' }, 'jane@example.test');
      // On one partition, in this order: once the spouse reads invited, the extra email
      // before it has been handled (and must have changed nothing).
      await harness.produce(
        [
          invitationIssued(firmId, jane.id, { kind: 'extra' }, 'accountant@example.test'),
          invitationIssued(firmId, jane.id, { kind: 'contact', contactId: spouseId }),
        ],
        0,
      );
      let client = await eventually(staff, jane.id, (c) => c.contacts[0].portal.status === 'invited', 'the spouse to read invited');
      expect(client.portal.status).toBe('none');
      expect(client.contacts[1].portal.status).toBe('none');

      await harness.produce([issuedToJane]);
      client = await eventually(staff, jane.id, (c) => c.portal.status === 'invited', 'the client to read invited');
      expect(client.portal).toEqual({ status: 'invited', invitedAt: issuedToJane.occurredAt, accessGrantedAt: null, lastLoginAt: null });
      expect(client.contacts[0].portal).toMatchObject({ status: 'invited', lastLoginAt: null });
    });

    it('reads "has portal" once access is granted, and the last login once the user logs in', async () => {
      const granted = portalAccessGranted(firmId, jane.id, null, janeUser);
      janeLogin = userLoggedIn(firmId, janeUser, '2026-03-01T10:00:00.000Z');
      // Identity keys both by user id: same partition, access first.
      await harness.produce([granted, janeLogin]);
      const client = await eventually(staff, jane.id, (c) => c.portal.lastLoginAt !== null, "the client's last login");
      expect(client.portal).toMatchObject({ status: 'has_portal', accessGrantedAt: granted.occurredAt, lastLoginAt: '2026-03-01T10:00:00.000Z' });
      // The spouse's status is theirs: Jane's login is not the spouse's.
      expect(client.contacts[0].portal).toMatchObject({ status: 'invited', lastLoginAt: null });
    });

    it('gives a contact their own portal and last login', async () => {
      await harness.produce([portalAccessGranted(firmId, jane.id, spouseId, spouseUser), userLoggedIn(firmId, spouseUser, '2026-03-02T08:30:00.000Z')]);
      const client = await eventually(staff, jane.id, (c) => c.contacts[0].portal.lastLoginAt !== null, "the spouse's last login");
      expect(client.contacts[0].portal).toMatchObject({ status: 'has_portal', lastLoginAt: '2026-03-02T08:30:00.000Z' });
      expect(client.portal.lastLoginAt).toBe('2026-03-01T10:00:00.000Z');
    });

    it('never takes "has portal" back when an invitation arrives later', async () => {
      const reinvite = invitationIssued(firmId, jane.id, { kind: 'client' }, 'jane@example.test');
      await harness.produce([reinvite, invitationIssued(firmId, jane.id, { kind: 'contact', contactId: childId })], 0);
      const client = await eventually(staff, jane.id, (c) => c.contacts[1].portal.status === 'invited', 'the child to read invited');
      expect(client.portal).toMatchObject({ status: 'has_portal', invitedAt: reinvite.occurredAt, lastLoginAt: '2026-03-01T10:00:00.000Z' });
    });

    it('handles a redelivered event once', async () => {
      const before = (await harness.document(jane.id))!.revision;
      // The login already applied arrives again (a redelivery), then a newer login, both on
      // the partition identity's key puts them on: once the newer one shows, the duplicate
      // has been dealt with, and it must not have written anything.
      const newer = userLoggedIn(firmId, janeUser, '2026-03-05T09:00:00.000Z');
      await harness.produce([janeLogin, newer]);
      await eventually(staff, jane.id, (c) => c.portal.lastLoginAt === '2026-03-05T09:00:00.000Z', 'the newer login');
      expect((await harness.document(jane.id))!.revision).toBe(before + 1);
    });

    it("sets the last login only on the firm's records whose portal was entered; staff logins count for nothing", async () => {
      const otherFirm = uuidv7();
      const otherStaff = harness.staffToken(otherFirm);
      const elsewhere = await create(
        otherStaff,
        'Doe Holdings',
        ['office@doe.example'],
        [{ name: 'John Doe', relationship: 'director', email: 'john@example.test' }],
      );
      await harness.produce([portalAccessGranted(otherFirm, elsewhere.id, elsewhere.contacts[0].contactId, spouseUser)]);
      await eventually(otherStaff, elsewhere.id, (c) => c.contacts[0].portal.status === 'has_portal', "the second portal of the spouse's login");

      // The staff login is the later one: had it counted, it would be the last login.
      await harness.produce([
        userLoggedIn(firmId, spouseUser, '2026-04-03T12:00:00.000Z', 'staff'),
        userLoggedIn(firmId, spouseUser, '2026-04-02T12:00:00.000Z'),
      ]);
      await eventually(staff, jane.id, (c) => c.contacts[0].portal.lastLoginAt === '2026-04-02T12:00:00.000Z', 'the login in this firm');
      // Then a login into the other firm's portal: same person, and only that firm hears of it.
      await harness.produce([userLoggedIn(otherFirm, spouseUser, '2026-04-05T12:00:00.000Z')]);
      const there = await eventually(otherStaff, elsewhere.id, (c) => c.contacts[0].portal.lastLoginAt !== null, 'the login in the other firm');
      expect(there.contacts[0].portal.lastLoginAt).toBe('2026-04-05T12:00:00.000Z');
      expect((await read(staff, jane.id)).contacts[0].portal.lastLoginAt).toBe('2026-04-02T12:00:00.000Z');
      expect(there.portal.status).toBe('none');
    });
  });

  describe('list filters', () => {
    const firmId = uuidv7();
    let staff: string;
    const byName: Record<string, ClientBody> = {};

    const names = (query: string) =>
      harness.call('GET', `/clients?${query}`, staff).then((res) => {
        expect(res.status).toBe(200);
        return { names: (res.body.items as ClientBody[]).map((client) => client.displayName), nextCursor: res.body.nextCursor as string | undefined };
      });

    beforeAll(async () => {
      staff = harness.staffToken(firmId);
      // Created in this order: the list's order (time-ordered ids).
      for (const [displayName, emails] of [
        ['Alice Anders', ['alice@example.test']],
        ['Bob Brown', []],
        ['Carol Chen', ['carol@chen.example']],
        ['Dave (Davies) & Co.', ['info@davies.example']],
        ['Eve Evans', ['Eve@Example.test']],
        ['Frank Fish', []],
      ] as const) {
        byName[displayName] = await create(staff, displayName, [...emails]);
      }
      await harness.produce([
        invitationIssued(firmId, byName['Alice Anders'].id, { kind: 'client' }),
        invitationIssued(firmId, byName['Frank Fish'].id, { kind: 'client' }),
        portalAccessGranted(firmId, byName['Carol Chen'].id, null, uuidv7()),
      ]);
      for (const [name, status] of [
        ['Alice Anders', 'invited'],
        ['Frank Fish', 'invited'],
        ['Carol Chen', 'has_portal'],
      ] as const) {
        await eventually(staff, byName[name].id, (c) => c.portal.status === status, `${name} to read ${status}`);
      }
    });

    it('filters by portal status', async () => {
      expect((await names('portalStatus=none')).names).toEqual(['Bob Brown', 'Dave (Davies) & Co.', 'Eve Evans']);
      expect((await names('portalStatus=invited')).names).toEqual(['Alice Anders', 'Frank Fish']);
      expect((await names('portalStatus=has_portal')).names).toEqual(['Carol Chen']);
    });

    it('filters by whether an email is on file', async () => {
      expect((await names('hasEmail=true')).names).toEqual(['Alice Anders', 'Carol Chen', 'Dave (Davies) & Co.', 'Eve Evans']);
      expect((await names('hasEmail=false')).names).toEqual(['Bob Brown', 'Frank Fish']);
    });

    it('searches display names and emails, case-insensitively and literally', async () => {
      expect((await names('q=CHEN')).names).toEqual(['Carol Chen']);
      expect((await names('q=davies.example')).names).toEqual(['Dave (Davies) & Co.']);
      expect((await names('q=e%40EX')).names).toEqual(['Alice Anders', 'Eve Evans']);
      expect((await names(`q=${encodeURIComponent('(davies) &')}`)).names).toEqual(['Dave (Davies) & Co.']);
      expect((await names(`q=${encodeURIComponent('.*')}`)).names).toEqual([]);
      expect((await names('q=%20%20')).names).toHaveLength(6);
    });

    it('combines the filters', async () => {
      expect((await names('portalStatus=none&hasEmail=true')).names).toEqual(['Dave (Davies) & Co.', 'Eve Evans']);
      expect((await names('portalStatus=none&hasEmail=true&q=eve')).names).toEqual(['Eve Evans']);
      expect((await names('portalStatus=invited&hasEmail=false&q=fish')).names).toEqual(['Frank Fish']);
      expect((await names('portalStatus=has_portal&hasEmail=false')).names).toEqual([]);
    });

    it('pages through filtered results with the cursor', async () => {
      const first = await names('hasEmail=true&limit=3');
      expect(first.names).toEqual(['Alice Anders', 'Carol Chen', 'Dave (Davies) & Co.']);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await names(`hasEmail=true&limit=3&after=${first.nextCursor}`);
      expect(second).toEqual({ names: ['Eve Evans'], nextCursor: undefined });

      const none1 = await names('portalStatus=none&q=e&limit=1');
      expect(none1.names).toEqual(['Dave (Davies) & Co.']);
      const none2 = await names(`portalStatus=none&q=e&limit=1&after=${none1.nextCursor}`);
      expect(none2).toEqual({ names: ['Eve Evans'], nextCursor: undefined });
    });

    it('shows another firm none of these clients, whatever the filter', async () => {
      const other = harness.staffToken(uuidv7());
      for (const query of ['', 'portalStatus=none', 'portalStatus=invited', 'portalStatus=has_portal', 'hasEmail=true', 'hasEmail=false', 'q=a']) {
        const res = await harness.call('GET', `/clients?${query}`, other);
        expect(res.status).toBe(200);
        expect(res.body.items).toEqual([]);
      }
      expect((await harness.call('GET', `/clients/${byName['Alice Anders'].id}`, other)).status).toBe(404);
    });

    it('answers 400 naming each bad filter', async () => {
      const res = await harness.call('GET', `/clients?portalStatus=active&hasEmail=yes&q=${'x'.repeat(101)}&limit=0`, staff);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Validation failed' });
      expect(res.body.errors.map(({ field, rule }: { field: string; rule: string }) => `${field}:${rule}`).sort()).toEqual([
        'hasEmail:isBoolean',
        'limit:min',
        'portalStatus:isIn',
        'q:maxLength',
      ]);
      expect((await harness.call('GET', '/clients?hasEmail=', staff)).body.errors).toEqual([expect.objectContaining({ field: 'hasEmail', rule: 'isBoolean' })]);
      expect((await harness.call('GET', '/clients?status=none', staff)).body.errors).toEqual([
        expect.objectContaining({ field: 'status', rule: 'whitelistValidation' }),
      ]);
    });
  });
});
