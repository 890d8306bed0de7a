import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { IdentityUnderTest } from './support/identity-service';

// Rotating the signing key logs nobody out: identity restarts signing with key B and still
// publishes key A (JWT_PREVIOUS_*), so tokens A signed verify until they expire, and a refresh
// gets a token signed by B. The verifier is identity's own GET /me, which checks tokens through
// the JWKS like every service; the restarted process has no cached key, so only the published
// set decides.
describe('signing key rotation (built main.js, real MongoDB and Kafka)', () => {
  const pemOf = (key: { export(options: { format: 'pem'; type: 'pkcs8' | 'spki' }): string | Buffer }, type: 'pkcs8' | 'spki') =>
    key.export({ format: 'pem', type }).toString();
  const keyA = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyB = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const identity = new IdentityUnderTest('key_rotation', { JWT_PRIVATE_KEY: pemOf(keyA.privateKey, 'pkcs8'), JWT_KEY_ID: 'rot-a' });
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    await identity.start();
  });

  afterAll(async () => {
    await identity.stop();
  });

  const api = () => request(identity.api);
  const me = (token: string) => api().get('/me').set('authorization', `Bearer ${token}`);
  const kid = (token: string) => jwt.decode(token, { complete: true })?.header.kid;

  it('keeps a session signed by the old key working after identity restarts with a new key, and refreshes it under the new key', async () => {
    const { userId } = (await api().post('/firms').send({ firmName: 'Rotate & Co', ownerName: 'Rita Roe', email: 'rita@rotate.example', password }).expect(201))
      .body;
    const before = (await api().post('/auth/login').send({ email: 'rita@rotate.example', password }).expect(200)).body;
    expect(kid(before.accessToken)).toBe('rot-a');

    // The JWKS serves A as the previous key (given as its public PEM; a private PEM works too, see the unit tests).
    await identity.restart({
      JWT_PRIVATE_KEY: pemOf(keyB.privateKey, 'pkcs8'),
      JWT_KEY_ID: 'rot-b',
      JWT_PREVIOUS_PUBLIC_KEY: pemOf(keyA.publicKey, 'spki'),
      JWT_PREVIOUS_KEY_ID: 'rot-a',
    });
    const jwks = (await api().get('/.well-known/jwks.json').expect(200)).body as { keys: { kid: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toEqual(['rot-b', 'rot-a']);

    expect((await me(before.accessToken).expect(200)).body.userId).toBe(userId);
    const refreshed = (await api().post('/auth/refresh').send({ refreshToken: before.refreshToken }).expect(200)).body;
    expect(kid(refreshed.accessToken)).toBe('rot-b');
    expect((await me(refreshed.accessToken).expect(200)).body.userId).toBe(userId);
    const login = (await api().post('/auth/login').send({ email: 'rita@rotate.example', password }).expect(200)).body;
    expect(kid(login.accessToken)).toBe('rot-b');
  });

  it('refuses a token signed by a key it does not publish, whatever kid it claims', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const { accessToken } = (await api().post('/auth/login').send({ email: 'rita@rotate.example', password }).expect(200)).body;
    const claims = jwt.decode(accessToken) as jwt.JwtPayload;
    for (const keyid of ['rot-x', 'rot-a', 'rot-b']) {
      const forged = jwt.sign(claims, stranger, { algorithm: 'RS256', keyid });
      await me(forged).expect(401);
    }
    await me(accessToken).expect(200);
  });
});
