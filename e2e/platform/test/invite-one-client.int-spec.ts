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
    const found = await waitFor(
      async () => {
        const messages = await mailpit.messagesTo(to);
        return messages.length >= nth ? messages : undefined;
      },
      { timeoutMs: 30_000, description: `invitation email #${nth} to ${to}` },
    );
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

  /** Logs in as a client and enters the portal of `firmId` (`clientId` to pick a record): the portal-scoped pair. */
  async function enterPortal(
    who: string,
    firmId: string,
    clientId?: string,
  ): Promise<{ status: number; accessToken: string; refreshToken: string; portal: Record<string, unknown>; body: Json['body'] }> {
    const login = await call('POST', '/api/identity/auth/login', { email: who, password: STRONG });
    expect(login.status).toBe(200);
    const entered = await call('POST', '/api/identity/auth/portal', { refreshToken: login.body.refreshToken, firmId, ...(clientId ? { clientId } : {}) });
    return {
      status: entered.status,
      accessToken: String(entered.body.accessToken),
      refreshToken: String(entered.body.refreshToken),
      portal: entered.body.portal as Record<string, unknown>,
      body: entered.body,
    };
  }

  const clientInvitations = async (token: string, clientId: string) =>
    (await call('GET', `/api/invitations/clients/${clientId}/invitations`, undefined, token)).body.items as Array<{
      email: string;
      status: string;
      invitationId: string;
    }>;

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
    const caseyEmail = email('casey');
    const message = `Welcome to our portal, ${run}! Upload your W-2 when you can.`;
    let firmA: { token: string; firmId: string };
    let clientId: string;
    let spouseToken: string;
    let firmBId: string;
    let clientBId: string;
    const links = new Map<string, string>();

    beforeAll(async () => {
      // The spouse already has a Portico login, from a second firm that invited them first.
      const firmB = await firm(`Second Firm ${run}`, email('owner-b'));
      const clientB = await createClient(firmB.token, { kind: 'individual', displayName: 'Spouse At B', emails: [spouseEmail] });
      firmBId = firmB.firmId;
      clientBId = clientB.id;
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
      expect(weak.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password', rule: 'minLength' })]));

      expect((await call('POST', `${links.get(clientEmail)}/accept`, { password: STRONG })).status).toBe(200);
      const login = await call('POST', '/api/identity/auth/login', { email: clientEmail, password: STRONG });
      expect(login.status).toBe(200);

      await waitFor(async () => (await clientInvitations(firmA.token, clientId)).find((i) => i.email === clientEmail)?.status === 'accepted', {
        description: 'the invitation to read accepted',
      });
      const client = await waitFor(
        async () => {
          const got = await call('GET', `/api/clients/clients/${clientId}`, undefined, firmA.token);
          const portal = got.body.portal as { status: string; lastLoginAt: string | null };
          return portal.status === 'has_portal' && portal.lastLoginAt ? got.body : undefined;
        },
        { description: 'the client to read has portal with a last login' },
      );
      expect(client.portal).toMatchObject({ status: 'has_portal' });
    });

    it('refuses the used link', async () => {
      const link = links.get(clientEmail)!;
      const used = { statusCode: 410, error: 'Gone', reason: 'used', canRequestNewLink: false, message: expect.any(String) };
      const opened = await call('GET', link);
      expect(opened.status).toBe(410);
      expect(opened.body).toEqual(used);
      const again = await call('POST', `${link}/accept`, { password: STRONG });
      expect(again.status).toBe(410);
      expect(again.body).toEqual(used);
    });

    it('the spouse adds this portal with their existing password, and one login lists both portals', async () => {
      const link = links.get(spouseEmail)!;
      expect((await call('GET', link)).body).toMatchObject({ hasLogin: true, email: spouseEmail });
      const wrong = await call('POST', `${link}/accept`, { password: 'not the right password at all' });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ statusCode: 401, message: 'Incorrect password' });
      const accepted = await call('POST', `${link}/accept`, { password: STRONG });
      expect(accepted.status).toBe(200);

      const login = await call('POST', '/api/identity/auth/login', { email: spouseEmail, password: STRONG });
      spouseToken = String(login.body.accessToken);
      const portals = await call('GET', '/api/identity/me/portals', undefined, spouseToken);
      expect(portals.status).toBe(200);
      const firmNames = (portals.body.items as Array<{ firmName: string }>).map((p) => p.firmName).sort();
      expect(firmNames).toEqual([`First Firm ${run}`, `Second Firm ${run}`]);
    });

    it('in the portal, each client of the firm sees exactly their own record and cannot reach the other', async () => {
      // A second client of the same firm, invited and accepted like the first.
      const casey = await createClient(firmA.token, { kind: 'business', displayName: 'Casey Second LLC', emails: [caseyEmail] });
      expect((await invite(firmA.token, casey.id, { clientEmails: [caseyEmail] })).status).toBe(202);
      expect((await call('POST', `${await linkFor(caseyEmail)}/accept`, { password: STRONG })).status).toBe(200);

      const jordan = await enterPortal(clientEmail, firmA.firmId);
      expect(jordan.status).toBe(200);
      expect(jordan.portal).toEqual({ firmId: firmA.firmId, firmName: `First Firm ${run}`, clientId, contactId: null });
      const caseyIn = await enterPortal(caseyEmail, firmA.firmId);
      expect(caseyIn.portal).toMatchObject({ clientId: casey.id, contactId: null });

      const jordanSees = await call('GET', '/api/clients/portal/me', undefined, jordan.accessToken);
      expect(jordanSees.status).toBe(200);
      expect(jordanSees.body).toStrictEqual({ clientId, kind: 'individual', displayName: 'Jordan Client', emails: [clientEmail], contact: null });
      const caseySees = await call('GET', '/api/clients/portal/me', undefined, caseyIn.accessToken);
      expect(caseySees.body).toStrictEqual({ clientId: casey.id, kind: 'business', displayName: 'Casey Second LLC', emails: [caseyEmail], contact: null });

      // Jordan cannot reach Casey's record: not by naming it to the portal read, not through the
      // staff routes, not by entering the portal as Casey's record.
      expect((await call('GET', `/api/clients/portal/me?clientId=${casey.id}`, undefined, jordan.accessToken)).body).toMatchObject({ clientId });
      for (const path of [`/api/clients/clients/${casey.id}`, '/api/clients/clients', `/api/invitations/clients/${casey.id}/invitations`]) {
        const refused = await call('GET', path, undefined, jordan.accessToken);
        expect({ path, status: refused.status, message: refused.body.message }).toEqual({ path, status: 403, message: 'Insufficient role' });
      }
      const asCasey = await call('POST', '/api/identity/auth/portal', { refreshToken: jordan.refreshToken, firmId: firmA.firmId, clientId: casey.id });
      expect(asCasey.status).toBe(403);
      expect(asCasey.body).toMatchObject({ message: 'No access to this portal' });
    });

    it('in the portal, the spouse sees the client record with their own contact entry, and only what each portal scopes', async () => {
      const spouse = (await call('GET', `/api/clients/clients/${clientId}`, undefined, firmA.token)).body.contacts as Array<{ contactId: string }>;
      const atA = await enterPortal(spouseEmail, firmA.firmId);
      expect(atA.portal).toMatchObject({ clientId, contactId: spouse[0]!.contactId });
      expect((await call('GET', '/api/clients/portal/me', undefined, atA.accessToken)).body).toStrictEqual({
        clientId,
        kind: 'individual',
        displayName: 'Jordan Client',
        contact: { contactId: spouse[0]!.contactId, name: 'Pat Spouse', relationship: 'spouse', email: spouseEmail },
      });
      // The same login in the other firm's portal is the client record there, as the client.
      const atB = await call('POST', '/api/identity/auth/portal', { refreshToken: atA.refreshToken, firmId: firmBId });
      expect(atB.status).toBe(200);
      expect((await call('GET', '/api/clients/portal/me', undefined, String(atB.body.accessToken))).body).toStrictEqual({
        clientId: clientBId,
        kind: 'individual',
        displayName: 'Spouse At B',
        emails: [spouseEmail],
        contact: null,
      });
    });
  });

  describe('refusals', () => {
    let firmX: { token: string; firmId: string };
    let firmY: { token: string; firmId: string };
    let withKid: { id: string; contacts: Array<{ contactId: string; name: string }> };

    /** A client of firm X with an email, invited: its invitation id and link, once identity holds the grant. */
    async function invitedClient(who: string): Promise<{ clientId: string; invitationId: string; link: string }> {
      const to = email(who);
      const client = await createClient(firmX.token, { kind: 'individual', displayName: `Client ${who}`, emails: [to] });
      const invited = await invite(firmX.token, client.id, { clientEmails: [to] });
      expect(invited.status).toBe(202);
      const invitationId = (invited.body.invitations as Array<{ invitationId: string }>)[0]!.invitationId;
      const link = await linkFor(to);
      // The email and identity's grant travel on different topics: wait for the grant without
      // opening the link (each link allows 10 opens a minute).
      const grants = (await stack.database('identity')).collection<{ _id: string; status: string }>('invitation_grants');
      await waitFor(async () => (await grants.findOne({ _id: invitationId }))?.status === 'pending', {
        timeoutMs: 30_000,
        description: `identity's grant of invitation ${invitationId}`,
      });
      return { clientId: client.id, invitationId, link };
    }

    beforeAll(async () => {
      [firmX, firmY] = await Promise.all([firm(`Refusing Firm ${run}`, email('owner-x')), firm(`Other Firm ${run}`, email('owner-y'))]);
      withKid = await createClient(firmX.token, {
        kind: 'individual',
        displayName: 'Has A Kid',
        emails: [email('parent')],
        contacts: [{ name: 'Kid Without Email', relationship: 'child' }],
      });
    });

    it('a linked contact without an email: 422 naming contactIds.0 and the rule contactHasEmail, and nobody is invited', async () => {
      const refused = await invite(firmX.token, withKid.id, { clientEmails: [email('parent')], contactIds: [withKid.contacts[0]!.contactId] });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ statusCode: 422, message: 'Some recipients cannot be invited' });
      expect(refused.body.errors).toEqual([{ field: 'contactIds.0', rule: 'contactHasEmail', message: expect.stringContaining('Kid Without Email') }]);
      // Refused whole, not trimmed to the valid recipients.
      expect(await clientInvitations(firmX.token, withKid.id)).toEqual([]);
    });

    it('a malformed extra email: 400 naming extraEmails.0 and the rule isEmail', async () => {
      const refused = await call('POST', `/api/invitations/clients/${withKid.id}/invitations`, { extraEmails: ['not-an-email'] }, firmX.token);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ statusCode: 400, message: 'Validation failed' });
      expect(refused.body.errors).toEqual([{ field: 'extraEmails.0', rule: 'isEmail', message: expect.any(String) }]);
    });

    it('an unknown client: 404 Client not found', async () => {
      const refused = await call('POST', `/api/invitations/clients/${randomUUID()}/invitations`, { extraEmails: [email('nobody')] }, firmX.token);
      expect(refused.status).toBe(404);
      expect(refused.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Client not found' });
    });

    it("another firm's client: 404, the same answer as an unknown client (not 403)", async () => {
      // Invitations knows firm X's client (a 422 needs the client), so only the firm differs.
      expect((await invite(firmX.token, withKid.id, { contactIds: [withKid.contacts[0]!.contactId] })).status).toBe(422);
      const refused = await call('POST', `/api/invitations/clients/${withKid.id}/invitations`, { extraEmails: [email('intruder')] }, firmY.token);
      expect(refused.status).toBe(404);
      expect(refused.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Client not found' });
      expect((await call('GET', `/api/invitations/clients/${withKid.id}/invitations`, undefined, firmY.token)).status).toBe(404);
      expect((await call('GET', `/api/clients/clients/${withKid.id}`, undefined, firmY.token)).status).toBe(404);
    });

    it('an expired link: 410 reason expired, on opening and on accepting, and the staff list reads expired', async () => {
      const { clientId, invitationId, link } = await invitedClient('expired');
      expect((await call('GET', link)).status).toBe(200);
      // No API makes an invitation expire sooner than a day (the firm setting's minimum), and
      // nothing here may wait that long: the test moves expiresAt into the past where each
      // service keeps it, identity's grant (what the link is checked against) and invitations'
      // invitation (what staff list). That is the state a real expiry leaves, reached early.
      const past = new Date(Date.now() - 60_000);
      const grantUpdate = await (
        await stack.database('identity')
      )
        .collection<{ _id: string }>('invitation_grants')
        .updateOne({ _id: invitationId }, { $set: { expiresAt: past } });
      const invitationUpdate = await (
        await stack.database('invitations')
      )
        .collection<{ _id: string }>('invitations')
        .updateOne({ _id: invitationId }, { $set: { expiresAt: past } });
      expect([grantUpdate.matchedCount, invitationUpdate.matchedCount]).toEqual([1, 1]);

      const expired = {
        statusCode: 410,
        error: 'Gone',
        reason: 'expired',
        canRequestNewLink: true,
        reissue: { method: 'POST', href: '/api/invitations/reissue' },
        message: expect.stringContaining('expired'),
      };
      const opened = await call('GET', link);
      expect(opened.status).toBe(410);
      expect(opened.body).toEqual(expired);
      const accepted = await call('POST', `${link}/accept`, { password: STRONG });
      expect(accepted.status).toBe(410);
      expect(accepted.body).toEqual(expired);
      expect((await clientInvitations(firmX.token, clientId)).map((invitation) => invitation.status)).toEqual(['expired']);
    });

    it('a revoked link: 410 reason revoked as soon as identity has applied the revocation, on opening and on accepting', async () => {
      const { clientId, invitationId, link } = await invitedClient('revoked');
      expect((await call('GET', link)).status).toBe(200);
      const revoked = await call('POST', `/api/invitations/invitations/${invitationId}/revoke`, undefined, firmX.token);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ invitationId, status: 'revoked' });

      // InvitationRevoked reaches identity by event (well under a second locally): poll the link.
      // A link allows 10 opens a minute, one spent above: 9 polls, 500 ms apart, fit the deadline.
      const opened = await waitFor(
        async () => {
          const answer = await call('GET', link);
          if (answer.status === 200) return undefined;
          if (answer.status !== 410) throw new Error(`the link answered ${answer.status} ${JSON.stringify(answer.body)}`);
          return answer;
        },
        { timeoutMs: 4_000, intervalMs: 500, description: 'identity to apply InvitationRevoked (the link refused)' },
      );
      const gone = { statusCode: 410, error: 'Gone', reason: 'revoked', canRequestNewLink: false, message: 'This invitation was withdrawn by the firm' };
      expect(opened.body).toEqual(gone);
      const accepted = await call('POST', `${link}/accept`, { password: STRONG });
      expect(accepted.status).toBe(410);
      expect(accepted.body).toEqual(gone);
      expect((await clientInvitations(firmX.token, clientId)).map((invitation) => invitation.status)).toEqual(['revoked']);
    });
  });
});
