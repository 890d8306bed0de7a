import { freePort, ServiceProcess, testEndpoints } from '@portico/testing';

// A service must refuse to start on a bad environment, naming what is wrong, rather than
// start half-configured and fail later on a request.
describe('a service started without a required variable', () => {
  const services = ['clients', 'invitations', 'identity', 'files', 'billing', 'notifications', 'tasks'];

  it.each(services)('%s exits non-zero and names MONGO_URL', async (name) => {
    const endpoints = testEndpoints();
    const service = new ServiceProcess({
      service: name,
      waitReady: false,
      env: {
        PORT: String(await freePort()),
        KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
        JWKS_URI: 'http://127.0.0.1:9/jwks.json',
        JWT_PRIVATE_KEY_FILE: '/nonexistent/but/not/checked/before/MONGO_URL.pem',
        JWT_KEY_ID: 'k1',
      },
    });
    await service.start();
    expect(await service.exited()).toBe(1);
    expect(service.logs).toMatch(/MONGO_URL is required/);
  });

  it('names every missing variable at once, not one per attempt', async () => {
    const service = new ServiceProcess({ service: 'clients', waitReady: false, env: {} });
    await service.start();
    expect(await service.exited()).toBe(1);
    for (const variable of ['PORT', 'MONGO_URL', 'KAFKA_BROKERS', 'JWKS_URI']) expect(service.logs).toContain(variable);
  });
});
