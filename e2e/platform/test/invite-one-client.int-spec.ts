import { MailpitClient, TestStack, testEndpoints, waitFor } from '@portico/testing';
import { randomUUID } from 'node:crypto';

// Issue 4's end-to-end flow through the gateway, on the real local stack: identity, clients,
// invitations and notifications as built processes, real Kafka, the MongoDB-wire server and
// Mailpit. Nothing is faked; every step is what a firm or a client would do over HTTP.
jest.setTimeout(180_000);

interface Json {
  status: number;
  body: Record<string, unknown> & { errors?: Array<{ field: string; rule: string }> };
}

const run = randomUUID().slice(0, 8);
const email = (who: string) => `${who}-${run}@example.test`;
const STRONG = 'correct horse battery staple 42';

describe('invite one client to the portal, end to end', () => {
  let stack: TestStack;
  let gateway: string;
  const mailpit = new MailpitClient(testEndpoints().mailpitUrl);

  async function call(method: string, path: string, body?: unknown, token?: string): Promise<Json> {
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json['body']) : {} };
  }

  /** Signs a firm up and returns its owner's access token and the firm id. */
  async function firm(name: string, owner: string): Promise<{ token: string; firmId: string }> {
    const signup = await call('POST', '/api/identity/firms', { firmName: name, ownerName: 'Owner', email: owner, password: STRONG });
    expect(signup.status).toBe(201);
    const login = await call('POST', '/api/identity/auth/login', { email: owner, password: STRONG });
    expect(login.status).toBe(200);
    return { token: String(login.body.accessToken), firmId: String(signup.body.firmId) };
  }

  async function createClient(token: string, body: object): Promise<{ id: string; contacts: Array<{ contactId: string; name: string }> }> {
    const created = await call('POST', '/api/clients/clients', body, token);
    expect(created.status).toBe(201);
    return created.body as unknown as { id: string; contacts: Array<{ contactId: string; name: string }> };
  }

  /** Invites as soon as the invitations service has heard of the firm and the client (events). */
  async function invite(token: string, clientId: string, body: object): Promise<Json> {
    return waitFor(
      async () => {
        const answer = await call('POST', `/api/invitations/clients/${clientId}/invitations`, body, token);
        return answer.status === 404 || answer.status === 503 ? undefined : answer;
      },
      { timeoutMs: 30_000, description: `invitations to know client ${clientId}` },
    );
  }

  /** The accept link of the `nth` invitation email to `to` (1 = the first), once it has arrived. */
  async function linkFor(to: string, nth = 1, message?: string): Promise<string> {
    const found = await waitFor(async () => {
      const messages = await mailpit.messagesTo(to);
      return messages.length >= nth ? messages : undefined;
    }, { timeoutMs: 30_000, description: `invitation email #${nth} to ${to}` });
    expect(found).toHaveLength(nth); // never a second copy of the same invitation
    const summary = found[0]; // newest first
    const mail = await mailpit.message(summary!.ID);
    if (message) {
      expect(mail.Text).toContain(message);
      expect(mail.HTML).toContain(message);
    }
    const link = /https?:\/\/\S+\/api\/identity\/invitations\/[A-Za-z0-9_-]+/.exec(mail.Text)?.[0];
    if (!link) throw new Error(`no accept link in the email to ${to}:\n${mail.Text}`);
    expect(mail.HTML).toContain(link);
    return new URL(link).pathname;
  }

  const clientInvitations = async (token: string, clientId: string) =>
    (await call('GET', `/api/invitations/clients/${clientId}/invitations`, undefined, token)).body.items as Array<{ email: string; status: string; invitationId: string }>;

  beforeAll(async () => {
    stack = await TestStack.start(['identity', 'clients', 'invitations', 'notifications', 'gateway']);
    gateway = stack.url('gateway');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  describe('the happy path', () => {
    const clientEmail = email('client');
    const spouseEmail = email('spouse');
    const extraEmail = email('bookkeeper');
    const message = `Welcome to our portal, ${run}! Upload your W-2 when you can.`;
    let firmA: { token: string; firmId: string };
    let clientId: string;
    let spouseToken: string;
    const links = new Map<string, string>();

    beforeAll(async () => {
      // The spouse already has a Portico login, from a second firm that invited them first.
      const firmB = await firm(`Second Firm ${run}`, email('owner-b'));
      const clientB = await createClient(firmB.token, { kind: 'individual', displayName: 'Spouse At B', emails: [spouseEmail] });
      expect((await invite(firmB.token, clientB.id, { clientEmails: [spouseEmail] })).status).toBe(202);
      const linkB = await linkFor(spouseEmail);
      const accepted = await call('POST', `${linkB}/accept`, { password: STRONG });
      expect(accepted.status).toBe(200);
      firmA = await firm(`First Firm ${run}`, email('owner-a'));
    });

    it('invites a client, a spouse who is neither active nor billable, and an extra email: three emails with the message and a link', async () => {
      const client = await createClient(firmA.token, {
        kind: 'individual',
        displayName: 'Jordan Client',
        emails: [clientEmail],
        contacts: [{ name: 'Pat Spouse', relationship: 'spouse', email: spouseEmail, active: false, billable: false }],
      });
      clientId = client.id;
      const spouse = client.contacts[0]!;
      const invited = await invite(firmA.token, clientId, { clientEmails: [clientEmail], contactIds: [spouse.contactId], extraEmails: [extraEmail], message });
      expect(invited.status).toBe(202);
      expect((invited.body.invitations as unknown[]).length).toBe(3);

      links.set(clientEmail, await linkFor(clientEmail, 1, message));
      links.set(spouseEmail, await linkFor(spouseEmail, 2, message)); // the first was the other firm's
      links.set(extraEmail, await linkFor(extraEmail, 1, message));
    });

    it('opening the link (twice) shows the firm and the email and does not consume it', async () => {
      const link = links.get(clientEmail)!;
      const first = await call('GET', link);
      const second = await call('GET', link);
      expect(first.status).toBe(200);
      expect(second).toEqual(first);
      expect(first.body).toMatchObject({ firmName: `First Firm ${run}`, email: clientEmail, hasLogin: false });
      const head = await fetch(`${gateway}${link}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
    });

    it('the client sets a password, logs in, and the statuses read accepted and has portal', async () => {
      const weak = await call('POST', `${links.get(clientEmail)}/accept`, { password: 'password' });
      expect(weak.status).toBe(400);
      expect(weak.body.errors?.[0]?.field).toBe('password');

      expect((await call('POST', `${links.get(clientEmail)}/accept`, { password: STRONG })).status).toBe(200);
      const login = await call('POST', '/api/identity/auth/login', { email: clientEmail, password: STRONG });
      expect(login.status).toBe(200);

      await waitFor(async () => (await clientInvitations(firmA.token, clientId)).find((i) => i.email === clientEmail)?.status === 'accepted', {
        description: 'the invitation to read accepted',
      });
      const client = await waitFor(async () => {
        const got = await call('GET', `/api/clients/clients/${clientId}`, undefined, firmA.token);
        const portal = got.body.portal as { status: string; lastLoginAt: string | null };
        return portal.status === 'has_portal' && portal.lastLoginAt ? got.body : undefined;
      }, { description: 'the client to read has portal with a last login' });
      expect(client.portal).toMatchObject({ status: 'has_portal' });
    });

    it('refuses the used link', async () => {
      const link = links.get(clientEmail)!;
      expect((await call('GET', link)).status).toBeGreaterThanOrEqual(400);
      const again = await call('POST', `${link}/accept`, { password: STRONG });
      expect(again.status).toBeGreaterThanOrEqual(400);
      expect(again.status).toBeLessThan(500);
    });

    it('the spouse adds this portal with their existing password, and one login lists both portals', async () => {
      const link = links.get(spouseEmail)!;
      expect((await call('GET', link)).body).toMatchObject({ hasLogin: true, email: spouseEmail });
      expect((await call('POST', `${link}/accept`, { password: 'not the right password at all' })).status).toBe(401);
      const accepted = await call('POST', `${link}/accept`, { password: STRONG });
      expect(accepted.status).toBe(200);

      const login = await call('POST', '/api/identity/auth/login', { email: spouseEmail, password: STRONG });
      spouseToken = String(login.body.accessToken);
      const portals = await call('GET', '/api/identity/me/portals', undefined, spouseToken);
      expect(portals.status).toBe(200);
      const firmNames = (portals.body.items as Array<{ firmName: string }>).map((p) => p.firmName).sort();
      expect(firmNames).toEqual([`First Firm ${run}`, `Second Firm ${run}`]);
    });
  });
});
