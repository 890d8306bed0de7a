import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { ClientsHarness } from './support';

interface ClientBody {
  id: string;
  firmId: string;
  displayName: string;
  emails: string[];
  contacts: { contactId: string; name: string }[];
}

// What a client sees of the clients service from inside a portal (GET /portal/me), and that
// the staff routes stay closed to client tokens. Tokens are minted by the harness as identity
// would mint them; the service is the built one, on its own database.
describe('the client portal read, and client tokens on staff routes (built main.js, real MongoDB)', () => {
  const harness = new ClientsHarness('clients_portal_read');
  const firmA = uuidv7();
  const firmB = uuidv7();
  let staffA: string;
  let jane: ClientBody;
  let acme: ClientBody;
  let elsewhere: ClientBody;

  const create = async (token: string, body: object): Promise<ClientBody> => {
    const res = await harness.call('POST', '/clients', token, body);
    expect(res.status).toBe(201);
    return res.body as ClientBody;
  };

  beforeAll(async () => {
    await harness.start();
    staffA = harness.staffToken(firmA);
    jane = await create(staffA, {
      kind: 'individual',
      displayName: 'Jane Doe',
      emails: ['jane@example.test'],
      contacts: [
        { name: 'John Doe', relationship: 'spouse', email: 'john@example.test', active: false, billable: true },
        { name: 'Kid Doe', relationship: 'child' },
      ],
    });
    acme = await create(staffA, { kind: 'business', displayName: 'Acme Ltd', emails: ['books@acme.example.test'] });
    elsewhere = await create(harness.staffToken(firmB), { kind: 'individual', displayName: 'Elsewhere', emails: ['else@example.test'] });
  });

  afterAll(() => harness.stop());

  const me = (token: string, query = '') => harness.call('GET', `/portal/me${query}`, token);

  describe('GET /portal/me', () => {
    it('shows a client their own record as the portal shows it, without staff data', async () => {
      const res = await me(harness.clientToken({ firmId: firmA, clientId: jane.id }));
      expect(res.status).toBe(200);
      expect(res.body).toStrictEqual({ clientId: jane.id, kind: 'individual', displayName: 'Jane Doe', emails: ['jane@example.test'], contact: null });
    });

    it('shows each client of a firm only their own record, whatever the request names', async () => {
      const janeToken = harness.clientToken({ firmId: firmA, clientId: jane.id });
      const acmeToken = harness.clientToken({ firmId: firmA, clientId: acme.id });
      expect((await me(acmeToken)).body).toStrictEqual({
        clientId: acme.id,
        kind: 'business',
        displayName: 'Acme Ltd',
        emails: ['books@acme.example.test'],
        contact: null,
      });
      // The scope comes from the token alone: naming another record in the request changes nothing.
      expect((await me(janeToken, `?clientId=${acme.id}&firmId=${firmB}`)).body).toMatchObject({ clientId: jane.id });
      expect((await harness.call('GET', `/portal/me/${acme.id}`, janeToken)).status).toBe(404);
    });

    it('shows a linked contact the record and their own entry only: no other contact, not the client addresses', async () => {
      const john = jane.contacts.find((contact) => contact.name === 'John Doe')!;
      const res = await me(harness.clientToken({ firmId: firmA, clientId: jane.id, contactId: john.contactId }));
      expect(res.status).toBe(200);
      expect(res.body).toStrictEqual({
        clientId: jane.id,
        kind: 'individual',
        displayName: 'Jane Doe',
        contact: { contactId: john.contactId, name: 'John Doe', relationship: 'spouse', email: 'john@example.test' },
      });
    });

    it("filters by firm and client together: a token pairing one firm with another firm's client finds nothing (404)", async () => {
      const crossed = await me(harness.clientToken({ firmId: firmA, clientId: elsewhere.id }));
      expect(crossed.status).toBe(404);
      expect(crossed.body).toMatchObject({ statusCode: 404, message: 'Client not found' });
      expect((await me(harness.clientToken({ firmId: firmB, clientId: jane.id }))).status).toBe(404);
      expect((await me(harness.clientToken({ firmId: firmA, clientId: uuidv7() }))).status).toBe(404);
    });

    it('finds nothing for a contact the firm has since removed from the client (404)', async () => {
      const staffB = harness.staffToken(firmB);
      const ex = await create(staffB, {
        kind: 'individual',
        displayName: 'Sam',
        emails: [],
        contacts: [{ name: 'Former Partner', relationship: 'partner', email: 'ex@example.test' }],
      });
      const token = harness.clientToken({ firmId: firmB, clientId: ex.id, contactId: ex.contacts[0]!.contactId });
      expect((await me(token)).status).toBe(200);
      expect((await harness.call('DELETE', `/clients/${ex.id}/contacts/${ex.contacts[0]!.contactId}`, staffB)).status).toBe(204);
      const gone = await me(token);
      expect(gone.status).toBe(404);
      expect(gone.body).toMatchObject({ message: 'Client not found' });
    });

    it('refuses staff (403, pointing them to the staff routes) and a client who has not entered a portal (403, saying to enter one)', async () => {
      const staff = await me(staffA);
      expect(staff.status).toBe(403);
      expect(staff.body).toMatchObject({ statusCode: 403, message: expect.stringContaining('staff read clients through GET /api/clients/clients/{id}') });

      const outside = await me(harness.clientToken());
      expect(outside.status).toBe(403);
      expect(outside.body).toMatchObject({ statusCode: 403, message: expect.stringContaining('Enter a portal first') });
    });

    it('requires a token (401)', async () => {
      expect((await request(harness.service.baseUrl).get('/api/clients/portal/me')).status).toBe(401);
    });
  });

  describe('staff routes', () => {
    type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

    /** Every operation of the service's OpenAPI document but the portal's: a route added later is covered too. */
    const staffOperations = async (): Promise<Array<{ method: Method; path: string }>> => {
      const doc = (await request(harness.service.baseUrl).get('/api/clients/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
      return Object.entries(doc.paths)
        .filter(([path]) => !path.startsWith('/api/clients/portal/'))
        .flatMap(([path, operations]) =>
          Object.keys(operations).map((method) => ({ method: method.toUpperCase() as Method, path: path.replace(/^\/api\/clients/, '') })),
        );
    };

    it('refuse client tokens (403), in a portal or not, even when the route names their own record, and change nothing', async () => {
      const john = jane.contacts[0]!;
      const before = (await harness.call('GET', `/clients/${jane.id}`, staffA)).body as object;
      const operations = await staffOperations();
      expect(operations.map(({ method, path }) => `${method} ${path}`).sort()).toEqual([
        'DELETE /clients/{id}/contacts/{contactId}',
        'GET /clients',
        'GET /clients/{id}',
        'PATCH /clients/{id}',
        'PATCH /clients/{id}/contacts/{contactId}',
        'POST /clients',
        'POST /clients/{id}/contacts',
      ]);
      const tokens = {
        'the client in their portal': harness.clientToken({ firmId: firmA, clientId: jane.id }),
        'a linked contact in that portal': harness.clientToken({ firmId: firmA, clientId: jane.id, contactId: john.contactId }),
        'a client outside any portal': harness.clientToken(),
      };
      for (const { method, path } of operations) {
        const url = path.replace('{id}', jane.id).replace('{contactId}', john.contactId);
        for (const [who, token] of Object.entries(tokens)) {
          const res = await harness.call(
            method,
            url,
            token,
            method === 'GET' || method === 'DELETE' ? undefined : { displayName: 'Changed by a client', name: 'x', relationship: 'x' },
          );
          expect({ who, route: `${method} ${path}`, status: res.status, message: res.body.message }).toEqual({
            who,
            route: `${method} ${path}`,
            status: 403,
            message: 'Insufficient role',
          });
        }
      }
      expect((await harness.call('GET', `/clients/${jane.id}`, staffA)).body).toEqual(before);
    });
  });
});
