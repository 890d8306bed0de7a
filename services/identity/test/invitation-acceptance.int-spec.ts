import { createEvent, InvitationIssued, InvitationRevoked, Topics, type EventEnvelope } from '@portico/contracts';
import { testEndpoints, waitFor } from '@portico/testing';
import jwt from 'jsonwebtoken';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { EventRecorder, IdentityUnderTest } from './support/identity-service';

// The client side of an invitation through the built identity service: invitations is played
// by this test, which produces InvitationIssued / InvitationRevoked on Kafka for tokens it
// made up; identity's grant projection, the outbox and the published events are real.
describe('invitation links and client logins (built main.js, real MongoDB and Kafka)', () => {
  const identity = new IdentityUnderTest('identity_invitations', { INVITATION_RATE_LIMIT_PER_MINUTE: '5', LOGIN_RATE_LIMIT_PER_MINUTE: '5' });
  const recorder = new EventRecorder([Topics.identityAccount.name]);
  const kafka = new Kafka({ clientId: 'identity-it-invitations', brokers: testEndpoints().kafkaBrokers, logLevel: logLevel.NOTHING });
  const goodPassword = 'violet kettle on the windowsill';
  const staffPassword = 'correct horse battery staple';
  const run = randomBytes(4).toString('hex');
  let producer: Producer;
  let api: ReturnType<typeof request>;
  let firmA: string;
  let firmB: string;
  const tokensSeen: string[] = [];

  beforeAll(async () => {
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await Promise.all([identity.start(), recorder.start(), producer.connect()]);
    api = request(identity.api);
    firmA = (await signUp('Alder & Co', `owner-a-${run}@firm.example`)).firmId;
    firmB = (await signUp('Birch LLP', `owner-b-${run}@firm.example`)).firmId;
  });

  afterAll(async () => {
    await producer?.disconnect();
    await recorder.stop();
    await identity.stop();
  });

  async function signUp(firmName: string, email: string): Promise<{ firmId: string; userId: string }> {
    const res = await api.post('/firms').send({ firmName, ownerName: 'Owner', email, password: staffPassword }).expect(201);
    return res.body;
  }

  interface Invitation {
    token: string;
    invitationId: string;
    firmId: string;
    clientId: string;
    contactId: string | null;
    email: string;
  }

  const produce = (event: EventEnvelope) =>
    producer.send({ topic: Topics.invitationsInvitation.name, acks: -1, messages: [{ key: event.key, value: JSON.stringify(event) }] });
  const grantOf = (invitationId: string) => identity.db.collection<{ _id: string; status: string }>('invitation_grants').findOne({ _id: invitationId });

  /** What invitations does on issue: a 256-bit token, only its SHA-256 leaves in the event. */
  async function invite(firmId: string, email: string, options: { contactId?: string; expiresAt?: Date } = {}): Promise<Invitation> {
    const token = randomBytes(32).toString('base64url');
    tokensSeen.push(token);
    const invitation = { token, invitationId: uuidv7(), firmId, clientId: uuidv7(), contactId: options.contactId ?? null, email };
    const issued = createEvent(
      InvitationIssued,
      {
        invitationId: invitation.invitationId,
        clientId: invitation.clientId,
        contactId: invitation.contactId,
        email,
        recipientKind: invitation.contactId ? 'contact' : 'client',
        tokenHash: createHash('sha256').update(token).digest('hex'),
        expiresAt: (options.expiresAt ?? new Date(Date.now() + 30 * 24 * 3600_000)).toISOString(),
      },
      { firmId, correlationId: randomUUID() },
    );
    await produce(issued);
    // Watched in the database, not through the link: opening it counts against its rate limit.
    await waitFor(() => grantOf(invitation.invitationId).then((grant) => grant ?? undefined), { description: 'the grant to be projected' });
    return invitation;
  }

  const open = (token: string) => api.get(`/invitations/${token}`);
  const accept = (token: string, password: string) => api.post(`/invitations/${token}/accept`).send({ password });
  const claims = (accessToken: string) => jwt.decode(accessToken) as Record<string, unknown>;
  const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` });

  describe('a new client', () => {
    const email = `cal-${run}@client.example`;
    let invitation: Invitation;
    let session: { accessToken: string; refreshToken: string };

    beforeAll(async () => {
      invitation = await invite(firmA, email);
    });

    it('opens the link as often as they like (GET, HEAD): firm, email, no login yet; nothing is consumed', async () => {
      const first = await open(invitation.token).expect(200);
      expect(first.body).toEqual({ firmName: 'Alder & Co', email, hasLogin: false, expiresAt: expect.any(String) });
      expect(first.headers['cache-control']).toBe('no-store');
      const second = await open(invitation.token).expect(200);
      expect(second.body).toEqual(first.body);
      const head = await api.head(`/invitations/${invitation.token}`).expect(200);
      expect(head.text ?? '').toBe('');
      expect((await grantOf(invitation.invitationId))?.status).toBe('pending');
    });

    it('is told which password rule a weak password breaks', async () => {
      const short = await accept(invitation.token, 'short').expect(400);
      expect(short.body).toMatchObject({
        message: 'Validation failed',
        errors: [{ field: 'password', rule: 'minLength', message: expect.stringContaining('12') }],
      });
      const common = await accept(invitation.token, 'Password2024!').expect(400);
      expect(common.body.errors).toEqual([{ field: 'password', rule: 'notCommon', message: expect.stringContaining('too common') }]);
      await open(invitation.token).expect(200);
    });

    it('accepts with a good password: a login for exactly the invited email, logged into the portal', async () => {
      const res = await accept(invitation.token, goodPassword).expect(200);
      session = res.body;
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
        tokenType: 'Bearer',
        newAccount: true,
        portal: { firmId: firmA, firmName: 'Alder & Co', clientId: invitation.clientId, contactId: null },
      });
      expect(claims(session.accessToken)).toMatchObject({ role: 'client', email, firmId: firmA, clientId: invitation.clientId, contactId: null });
      const me = await api.get('/me').set(bearer(session.accessToken)).expect(200);
      expect(me.body).toMatchObject({ role: 'client', email, name: null, firm: null });
    });

    it('publishes AccountCreated, PortalAccessGranted and UserLoggedIn for that firm', async () => {
      const userId = claims(session.accessToken).sub as string;
      const ofUser = (type: string) => (event: EventEnvelope) => event.type === type && event.key === userId;
      const created = await recorder.find(ofUser('AccountCreated'), 'AccountCreated');
      const granted = await recorder.find(ofUser('PortalAccessGranted'), 'PortalAccessGranted');
      const loggedIn = await recorder.find(ofUser('UserLoggedIn'), 'UserLoggedIn');
      expect(created).toMatchObject({ firmId: firmA, payload: { userId, email } });
      expect(granted).toMatchObject({
        firmId: firmA,
        correlationId: created.correlationId,
        payload: { userId, email, firmId: firmA, clientId: invitation.clientId, contactId: null, invitationId: invitation.invitationId, newAccount: true },
      });
      expect(loggedIn).toMatchObject({ firmId: firmA, payload: { userId, role: 'client' } });
    });

    it('finds the used link refused, opened or accepted', async () => {
      const opened = await open(invitation.token).expect(410);
      expect(opened.body).toMatchObject({ reason: 'used', canRequestNewLink: false, message: expect.stringContaining('already been accepted') });
      const again = await accept(invitation.token, goodPassword).expect(410);
      expect(again.body.reason).toBe('used');
    });

    it('logs in with the new password, lists its portal and enters it; only that firm hears of the login', async () => {
      const login = await api.post('/auth/login').send({ email, password: goodPassword }).expect(200);
      const loginClaims = claims(login.body.accessToken);
      expect(loginClaims).toMatchObject({ role: 'client', email });
      expect(loginClaims).not.toHaveProperty('firmId');
      const portals = await api.get('/me/portals').set(bearer(login.body.accessToken)).expect(200);
      expect(portals.body).toEqual({ items: [{ firmId: firmA, firmName: 'Alder & Co', clientId: invitation.clientId, contactId: null }] });

      const loggedInBefore = recorder.events.filter((event) => event.type === 'UserLoggedIn' && event.key === loginClaims.sub).length;
      const entered = await api.post('/auth/portal').send({ refreshToken: login.body.refreshToken, firmId: firmA }).expect(200);
      expect(entered.body.portal).toEqual({ firmId: firmA, firmName: 'Alder & Co', clientId: invitation.clientId, contactId: null });
      expect(claims(entered.body.accessToken)).toMatchObject({ role: 'client', firmId: firmA, clientId: invitation.clientId, contactId: null });
      await waitFor(
        () =>
          recorder.events.filter((event) => event.type === 'UserLoggedIn' && event.key === loginClaims.sub && event.firmId === firmA).length > loggedInBefore,
        {
          description: 'UserLoggedIn of firm A on entering its portal',
        },
      );

      // Refreshing stays inside the portal.
      const refreshed = await api.post('/auth/refresh').send({ refreshToken: entered.body.refreshToken }).expect(200);
      expect(claims(refreshed.body.accessToken)).toMatchObject({ firmId: firmA, clientId: invitation.clientId });
      // A firm the login has no portal at: 403, and the refresh token still works.
      await api.post('/auth/portal').send({ refreshToken: refreshed.body.refreshToken, firmId: firmB }).expect(403);
      const latest = await api.post('/auth/refresh').send({ refreshToken: refreshed.body.refreshToken }).expect(200);
      // Entering a portal spent the login's refresh token: presenting it again is a replay,
      // which ends the whole session (the newest token of it too).
      await api.post('/auth/portal').send({ refreshToken: login.body.refreshToken, firmId: firmA }).expect(401);
      await api.post('/auth/refresh').send({ refreshToken: latest.body.refreshToken }).expect(401);
    });
  });

  describe('a person who already has a login (invited by a second firm, as a linked contact)', () => {
    const email = `dana-${run}@client.example`;
    let fromB: Invitation;

    beforeAll(async () => {
      const fromA = await invite(firmA, email);
      await accept(fromA.token, goodPassword).expect(200);
      fromB = await invite(firmB, email, { contactId: uuidv7() });
    });

    it('sees on the link that the email has a login', async () => {
      const res = await open(fromB.token).expect(200);
      expect(res.body).toMatchObject({ firmName: 'Birch LLP', email, hasLogin: true });
    });

    it('is refused with a wrong existing password, without more detail, and the link still works', async () => {
      const res = await accept(fromB.token, 'not my password at all').expect(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Incorrect password' });
      await open(fromB.token).expect(200);
    });

    it('adds the second portal with the existing password: one login, two portals', async () => {
      const res = await accept(fromB.token, goodPassword).expect(200);
      expect(res.body).toMatchObject({
        newAccount: false,
        portal: { firmId: firmB, firmName: 'Birch LLP', clientId: fromB.clientId, contactId: fromB.contactId },
      });
      const userId = claims(res.body.accessToken).sub as string;
      expect(claims(res.body.accessToken)).toMatchObject({ firmId: firmB, clientId: fromB.clientId, contactId: fromB.contactId });

      const login = await api.post('/auth/login').send({ email, password: goodPassword }).expect(200);
      expect(claims(login.body.accessToken).sub).toBe(userId);
      const portals = await api.get('/me/portals').set(bearer(login.body.accessToken)).expect(200);
      expect(portals.body.items).toEqual(
        expect.arrayContaining([
          { firmId: firmA, firmName: 'Alder & Co', clientId: expect.any(String), contactId: null },
          { firmId: firmB, firmName: 'Birch LLP', clientId: fromB.clientId, contactId: fromB.contactId },
        ]),
      );
      expect(portals.body.items).toHaveLength(2);

      const granted = await recorder.find<{ invitationId: string; newAccount: boolean }>(
        (event) =>
          event.type === 'PortalAccessGranted' && event.key === userId && (event.payload as { invitationId?: string }).invitationId === fromB.invitationId,
        'PortalAccessGranted for the second firm',
      );
      expect(granted).toMatchObject({ firmId: firmB, payload: { newAccount: false } });
      expect(recorder.events.filter((event) => event.type === 'AccountCreated' && event.key === userId)).toHaveLength(1);
    });
  });

  it('refuses an expired link with 410, offering to ask for a new one', async () => {
    const expired = await invite(firmA, `eve-${run}@client.example`, { expiresAt: new Date(Date.now() - 60_000) });
    const opened = await open(expired.token).expect(410);
    expect(opened.body).toEqual({
      statusCode: 410,
      error: 'Gone',
      reason: 'expired',
      canRequestNewLink: true,
      reissue: { method: 'POST', href: '/api/invitations/reissue' },
      message: expect.stringContaining('expired'),
    });
    const accepted = await accept(expired.token, goodPassword).expect(410);
    expect(accepted.body.reason).toBe('expired');
  });

  it('refuses a revoked link once InvitationRevoked has been applied', async () => {
    const invitation = await invite(firmA, `rex-${run}@client.example`);
    await open(invitation.token).expect(200);
    const { invitationId, clientId, contactId, email } = invitation;
    await produce(
      createEvent(InvitationRevoked, { invitationId, clientId, contactId, email, revokedBy: uuidv7() }, { firmId: firmA, correlationId: randomUUID() }),
    );
    await waitFor(async () => (await grantOf(invitation.invitationId))?.status === 'revoked', { description: 'the grant to be revoked' });
    const opened = await open(invitation.token).expect(410);
    expect(opened.body).toMatchObject({ reason: 'revoked', canRequestNewLink: false });
    await accept(invitation.token, goodPassword).expect(410);
  });

  it('answers unknown and malformed links with 404, never a 500', async () => {
    const unknown = await open(randomBytes(32).toString('base64url')).expect(404);
    expect(unknown.body).toMatchObject({ reason: 'unknown', canRequestNewLink: false });
    await open('x'.repeat(3000)).expect(404);
    await open(encodeURIComponent('../../%00"<script>')).expect(404);
    await accept(randomBytes(32).toString('base64url'), goodPassword).expect(404);
    await api
      .post(`/invitations/${randomBytes(32).toString('base64url')}/accept`)
      .send({ password: 42 })
      .expect(400);
    await api
      .post(`/invitations/${randomBytes(32).toString('base64url')}/accept`)
      .send({})
      .expect(400);
  });

  it('lets exactly one of several concurrent acceptances of one link through', async () => {
    const invitation = await invite(firmA, `con-${run}@client.example`);
    const results = await Promise.all([1, 2, 3].map(() => accept(invitation.token, goodPassword)));
    expect(results.map((res) => res.status).sort()).toEqual([200, 410, 410]);
    expect(results.filter((res) => res.status === 410).map((res) => res.body.reason)).toEqual(['used', 'used']);
    expect(await identity.db.collection('users').countDocuments({ email: invitation.email })).toBe(1);
  });

  it('rate-limits attempts per link, without blocking other links from the same address', async () => {
    const invitation = await invite(firmA, `rl-${run}@client.example`);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) statuses.push((await accept(invitation.token, `too short ${attempt}`)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429]);
    const limited = await accept(invitation.token, goodPassword).expect(429);
    expect(limited.body.message).toBe('Too many attempts with this invitation, try again later');
    expect(limited.headers['retry-after-invitation-token']).toBeDefined();
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const other = await invite(firmA, `rl2-${run}@client.example`);
    await accept(other.token, goodPassword).expect(200);
  });

  it('never writes an invitation token into its logs', () => {
    expect(tokensSeen.length).toBeGreaterThan(5);
    for (const token of tokensSeen) expect(identity.service.logs).not.toContain(token);
  });
});
