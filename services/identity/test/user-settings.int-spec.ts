import { testEndpoints } from '@portico/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { IdentityUnderTest } from './support/identity-service';
import { inviteClient } from './support/invite-client';

interface Session {
  accessToken: string;
  refreshToken: string;
}

// User Settings through the built identity service: rename, password change, the portals list,
// logging out everywhere. A client login is made the real way (an invitation accepted).
describe('User Settings (built main.js, real MongoDB and Kafka)', () => {
  const identity = new IdentityUnderTest('identity_settings', { LOGIN_RATE_LIMIT_PER_MINUTE: '5' });
  const kafka = new Kafka({ clientId: 'identity-it-settings', brokers: testEndpoints().kafkaBrokers, logLevel: logLevel.NOTHING });
  const password = 'correct horse battery staple';
  const newPassword = 'violet kettle on the windowsill';
  const run = randomBytes(4).toString('hex');
  let producer: Producer;
  let api: ReturnType<typeof request>;
  let firmId: string;

  beforeAll(async () => {
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await Promise.all([identity.start(), producer.connect()]);
    api = request(identity.api);
    firmId = (await signUp(`owner-${run}@firm.example`)).firmId;
  });

  afterAll(async () => {
    await producer?.disconnect();
    await identity.stop();
  });

  async function signUp(email: string): Promise<{ firmId: string; userId: string }> {
    return (await api.post('/firms').send({ firmName: 'Scully & Mulder', ownerName: 'Fox Mulder', email, password }).expect(201)).body;
  }

  const bearer = (session: Session) => ({ authorization: `Bearer ${session.accessToken}` });
  const login = (email: string, pass = password) => api.post('/auth/login').send({ email, password: pass });
  const refresh = (session: Session) => api.post('/auth/refresh').send({ refreshToken: session.refreshToken });
  const changePassword = (session: Session, body: object) => api.post('/me/password').set(bearer(session)).send(body);

  /** A client login, created by accepting an invitation; returns its session inside that portal. */
  async function newClient(email: string): Promise<{ session: Session; clientId: string }> {
    const { token, clientId } = await inviteClient(identity, producer, firmId, email);
    const accepted = await api.post(`/invitations/${token}/accept`).send({ password }).expect(200);
    return { session: accepted.body, clientId };
  }

  it('lets a client name themself: /me then shows name and initials, and the portal of the token', async () => {
    const email = `dana-${run}@client.example`;
    const { session, clientId } = await newClient(email);
    const before = await api.get('/me').set(bearer(session)).expect(200);
    expect(before.body).toMatchObject({ role: 'client', email, name: null, initials: 'D', firm: null, portal: { firmId, clientId, contactId: null } });

    const renamed = await api.patch('/me').set(bearer(session)).send({ name: '  Dana Scully ' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Dana Scully', initials: 'DS' });
    const after = await api.get('/me').set(bearer(session)).expect(200);
    expect(after.body).toMatchObject({ name: 'Dana Scully', initials: 'DS', portal: { firmId, clientId } });

    // Outside a portal (a plain login), the same login, no portal.
    const plain = (await login(email).expect(200)).body;
    expect((await api.get('/me').set(bearer(plain)).expect(200)).body).toMatchObject({ name: 'Dana Scully', portal: null });
    // The portals it belongs to.
    const portals = await api.get('/me/portals').set(bearer(plain)).expect(200);
    expect(portals.body).toEqual({ items: [{ firmId, firmName: 'Scully & Mulder', clientId, contactId: null }] });
  });

  it('refuses an empty or too long name, naming the field and the rule', async () => {
    const staff = (await login(`owner-${run}@firm.example`).expect(200)).body;
    const blank = await api.patch('/me').set(bearer(staff)).send({ name: '   ' }).expect(400);
    expect(blank.body.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'isNotEmpty' })]);
    const long = await api
      .patch('/me')
      .set(bearer(staff))
      .send({ name: 'x'.repeat(201) })
      .expect(400);
    expect(long.body.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'maxLength' })]);
    await api.patch('/me').send({ name: 'Anyone' }).expect(401);
    // Staff rename themselves the same way.
    expect((await api.patch('/me').set(bearer(staff)).send({ name: 'Fox W. Mulder' }).expect(200)).body).toMatchObject({
      name: 'Fox W. Mulder',
      initials: 'FM',
      firm: { id: firmId },
    });
  });

  it('changes the password with the current one; every other session ends, the calling one goes on', async () => {
    const email = `walter-${run}@client.example`;
    const { session: here } = await newClient(email);
    const elsewhere = (await login(email).expect(200)).body;

    const wrong = await changePassword(here, { currentPassword: 'not my password at all', newPassword }).expect(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'wrong_password' });
    const weak = await changePassword(here, { currentPassword: password, newPassword: 'Password1234' }).expect(400);
    expect(weak.body.errors).toEqual([{ field: 'newPassword', rule: 'notCommon', message: expect.stringContaining('too common') }]);
    const short = await changePassword(here, { currentPassword: password, newPassword: 'short' }).expect(400);
    expect(short.body.errors).toEqual([expect.objectContaining({ field: 'newPassword', rule: 'minLength' })]);
    // Nothing changed so far.
    await login(email).expect(200);

    const changed = await changePassword(here, { currentPassword: password, newPassword }).expect(200);
    expect(changed.body).toEqual({ currentSessionKept: true });
    await login(email).expect(401);
    await login(email, newPassword).expect(200);
    // The other session's refresh token is refused; this one's keeps working, inside its portal.
    await refresh(elsewhere).expect(401);
    await refresh(here).expect(200);
  });

  it('rate-limits password change attempts per login', async () => {
    const email = `krycek-${run}@client.example`;
    const { session } = await newClient(email);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1)
      statuses.push((await changePassword(session, { currentPassword: `guess number ${attempt}`, newPassword })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Another login from the same address is not blocked.
    const other = (await login(`owner-${run}@firm.example`).expect(200)).body;
    await changePassword(other, { currentPassword: 'not the password!!', newPassword }).expect(401);
  });

  it('logs out of every session: any refresh token of the login is then refused, a new login works', async () => {
    const email = `skinner-${run}@client.example`;
    const { session: inPortal } = await newClient(email);
    const plain = (await login(email).expect(200)).body;

    await api.post('/auth/logout-all').expect(401);
    await api.post('/auth/logout-all').set(bearer(plain)).expect(204);
    await refresh(plain).expect(401);
    await refresh(inPortal).expect(401);
    await api.post('/auth/portal').send({ refreshToken: inPortal.refreshToken, firmId }).expect(401);
    // The documented limit: an access token already issued stays valid until it expires.
    await api.get('/me').set(bearer(inPortal)).expect(200);

    const again = (await login(email).expect(200)).body;
    await refresh(again).expect(200);
  });
});
