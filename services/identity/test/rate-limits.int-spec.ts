import { freePort, ServiceProcess } from '@portico/testing';
import request from 'supertest';
import { IdentityUnderTest } from './support/identity-service';

// The login limit as an attacker meets it: counted across identity's replicas (in MongoDB), and
// under the address the gateway saw, whatever X-Forwarded-For the caller makes up.
describe('login rate limits across replicas and behind the gateway (built processes, real MongoDB)', () => {
  const identity = new IdentityUnderTest('identity_limits', { LOGIN_RATE_LIMIT_PER_MINUTE: '5' });
  const password = 'correct horse battery staple';
  let second: ServiceProcess;
  const gateways: ServiceProcess[] = [];

  const gateway = async (env: Record<string, string> = {}) => {
    const started = await new ServiceProcess({
      service: 'gateway',
      env: { PORT: String(await freePort()), IDENTITY_URL: identity.service.baseUrl, ...env },
      waitFor: 'ready',
    }).start();
    gateways.push(started);
    return started;
  };

  const login = (baseUrl: string, email: string, forwardedFor?: string) => {
    const call = request(baseUrl).post('/api/identity/auth/login').send({ email, password: 'a wrong guess' });
    return forwardedFor === undefined ? call : call.set('x-forwarded-for', forwardedFor);
  };

  beforeAll(async () => {
    await identity.start();
    second = await identity.replica();
    await request(identity.api).post('/firms').send({ firmName: 'Limits & Co', ownerName: 'Lee Limit', email: 'lee@limits.example', password }).expect(201);
  });

  afterAll(async () => {
    await Promise.all(gateways.map((started) => started.stop()));
    await identity.stop();
  });

  it('holds across two replicas: five wrong guesses in all, whichever replica each reaches', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const replica = attempt % 2 === 0 ? identity.service : second;
      statuses.push((await login(replica.baseUrl, 'lee@limits.example')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it('answers the limit with the standard Retry-After, on every replica', async () => {
    for (const replica of [identity.service, second]) {
      const limited = await login(replica.baseUrl, 'lee@limits.example').expect(429);
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
  });

  it('behind the gateway, counts under the address the gateway saw: a made-up X-Forwarded-For changes nothing', async () => {
    const { baseUrl } = await gateway();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) statuses.push((await login(baseUrl, 'forger@limits.example', `203.0.113.${attempt + 1}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('believes X-Forwarded-For only from a proxy the gateway is told to trust (TRUST_PROXY)', async () => {
    // The test's own address (loopback) plays the trusted load balancer here: each "client" it
    // forwards for has its own limit.
    const { baseUrl } = await gateway({ TRUST_PROXY: 'loopback' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) statuses.push((await login(baseUrl, 'proxied@limits.example', `198.51.100.${attempt + 1}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401]);
    // One client behind that balancer still meets its limit.
    const same: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) same.push((await login(baseUrl, 'proxied@limits.example', '198.51.100.200')).status);
    expect(same).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
