import { Topics } from '@portico/contracts';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { EventRecorder, IdentityUnderTest } from './support/identity-service';

describe('identity service (built main.js, real MongoDB and Kafka)', () => {
  const identity = new IdentityUnderTest('identity', { LOGIN_RATE_LIMIT_PER_MINUTE: '5' });
  const recorder = new EventRecorder([Topics.identityFirm.name, Topics.identityAccount.name]);
  const password = 'correct horse battery staple';
  let api: ReturnType<typeof request>;

  beforeAll(async () => {
    await Promise.all([identity.start(), recorder.start()]);
    api = request(identity.api);
  });

  afterAll(async () => {
    await recorder.stop();
    await identity.stop();
  });

  const signUp = (email: string, firmName = 'Doe & Partners') => api.post('/firms').send({ firmName, ownerName: 'Ann Doe', email, password });
  const login = (email: string, pass = password) => api.post('/auth/login').send({ email, password: pass });

  it('signs up a firm and its owner, then logs the owner in with an RS256 token', async () => {
    const signup = await signUp('ann@doe.example').expect(201);
    expect(signup.body).toEqual({ firmId: expect.any(String), userId: expect.any(String) });

    const session = await login('ANN@doe.example').expect(200);
    expect(session.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900, tokenType: 'Bearer' });
    const decoded = jwt.decode(session.body.accessToken, { complete: true });
    expect(decoded?.header).toMatchObject({ alg: 'RS256', kid: 'it-key-1' });
    expect(decoded?.payload).toMatchObject({ sub: signup.body.userId, firmId: signup.body.firmId, role: 'staff', iss: 'portico-identity', aud: 'portico' });

    const me = await api.get('/me').set('authorization', `Bearer ${session.body.accessToken}`).expect(200);
    expect(me.body).toEqual({
      userId: signup.body.userId,
      role: 'staff',
      email: 'ann@doe.example',
      name: 'Ann Doe',
      initials: 'AD',
      firm: { id: signup.body.firmId, name: 'Doe & Partners' },
      portal: null,
    });
  });

  it('announces the signup (FirmRegistered, AccountCreated) and each staff login (UserLoggedIn) through the outbox', async () => {
    const { firmId, userId } = (await signUp('olga@events.example', 'Events & Co').expect(201)).body;
    const registered = await recorder.find((event) => event.type === 'FirmRegistered' && event.firmId === firmId, 'FirmRegistered');
    expect(registered).toMatchObject({ key: firmId, payload: { firmId, name: 'Events & Co', ownerUserId: userId, ownerEmail: 'olga@events.example' } });
    const created = await recorder.find((event) => event.type === 'AccountCreated' && event.key === userId, 'AccountCreated of the owner');
    expect(created).toMatchObject({ firmId, correlationId: registered.correlationId, payload: { userId, email: 'olga@events.example' } });

    const before = Date.now();
    await login('olga@events.example').expect(200);
    const loggedIn = await recorder.find<{ at: string }>((event) => event.type === 'UserLoggedIn' && event.key === userId, 'UserLoggedIn of the owner');
    expect(loggedIn).toMatchObject({ firmId, payload: { userId, role: 'staff' } });
    expect(Date.parse(loggedIn.payload.at)).toBeGreaterThanOrEqual(before - 1000);
    // Published, then removed from the document's outbox.
    const owner = await identity.db.collection<{ _id: string; outbox: unknown[] }>('users').findOne({ _id: userId });
    expect(owner?.outbox).toEqual([]);
  });

  it('refuses a common password at signup, naming the rule', async () => {
    const res = await api.post('/firms').send({ firmName: 'F', ownerName: 'O', email: 'common@pw.example', password: 'Password1234' }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'password', rule: 'notCommon', message: expect.stringContaining('too common') }]);
  });

  it('publishes the verification key and refuses tokens it did not sign', async () => {
    const jwks = await api.get('/.well-known/jwks.json').expect(200);
    expect(jwks.body.keys).toEqual([expect.objectContaining({ kid: 'it-key-1', alg: 'RS256', kty: 'RSA', use: 'sig' })]);
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
    const forged = jwt.sign({ role: 'staff', firmId: 'f', email: 'x@example.com' }, 'guess', { algorithm: 'HS256', keyid: 'it-key-1', subject: 'u' });
    await api.get('/me').set('authorization', `Bearer ${forged}`).expect(401);
  });

  it('answers a taken email (any case) with 409 and nothing more', async () => {
    await signUp('bob@other.example', 'Other LLP').expect(201);
    const again = await signUp(' BOB@other.example ', 'Copycat').expect(409);
    expect(again.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'This email cannot be used to sign up' });
  });

  it('insists on a 12-character password', async () => {
    const res = await api.post('/firms').send({ firmName: 'F', ownerName: 'O', email: 'short@pw.example', password: 'short' }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'password', rule: 'minLength', message: expect.any(String) }]);
  });

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    await signUp('carol@firm.example').expect(201);
    const wrongPassword = await login('carol@firm.example', 'not the password').expect(401);
    const unknownEmail = await login('nobody@firm.example').expect(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    expect(wrongPassword.body.message).toBe('Invalid email or password');
  });

  it('rotates refresh tokens and revokes the family when a spent one comes back', async () => {
    await signUp('dave@firm.example').expect(201);
    const first = (await login('dave@firm.example').expect(200)).body;
    const second = (await api.post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await api.get('/me').set('authorization', `Bearer ${second.accessToken}`).expect(200);

    await api.post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    // The thief's replay also killed the newest token of that login.
    await api.post('/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    // Other logins of the same user are separate families and keep working.
    const other = (await login('dave@firm.example').expect(200)).body;
    await api.post('/auth/refresh').send({ refreshToken: other.refreshToken }).expect(200);
  });

  it('lets exactly one of several concurrent refreshes with the same token win', async () => {
    await signUp('erin@firm.example').expect(201);
    const { refreshToken } = (await login('erin@firm.example').expect(200)).body;
    const results = await Promise.all([1, 2, 3].map(() => api.post('/auth/refresh').send({ refreshToken })));
    expect(results.map((res) => res.status).sort()).toEqual([200, 401, 401]);
  });

  it('rate-limits login attempts per address and email', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) statuses.push((await login('target@firm.example', `guess number ${attempt}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // Another account from the same address is still allowed.
    await login('someone-else@firm.example').expect(401);
  });
});
