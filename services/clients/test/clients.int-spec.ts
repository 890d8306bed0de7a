import { assertTestDatabase, freePort, ServiceProcess, testDatabaseName, testEndpoints, TestTokenIssuer, waitFor } from '@portico/testing';
import { createConnection } from 'mongoose';
import request from 'supertest';

describe('clients service (built main.js, real MongoDB and Kafka)', () => {
  const endpoints = testEndpoints();
  const tokens = new TestTokenIssuer();
  const database = testDatabaseName('clients');
  let service: ServiceProcess;
  let env: Record<string, string>;

  const firmA = 'firm-a';
  const firmB = 'firm-b';
  let staffA: string;
  let staffB: string;

  beforeAll(async () => {
    await tokens.start();
    env = {
      PORT: String(await freePort()),
      MONGO_URL: endpoints.mongoUrl,
      MONGO_DB: database,
      KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
      // The service consumes portal events: a group of its own, not the running service's.
      KAFKA_GROUP_ID: `clients-${database}`,
      ...tokens.env(),
    };
    service = await new ServiceProcess({ service: 'clients', env }).start();
    staffA = tokens.mint({ userId: 'staff-a', role: 'staff', firmId: firmA, email: 'a@firm-a.example' });
    staffB = tokens.mint({ userId: 'staff-b', role: 'staff', firmId: firmB, email: 'b@firm-b.example' });
  });

  afterAll(async () => {
    await service?.stop();
    await tokens.stop();
    assertTestDatabase(database);
    const connection = await createConnection(endpoints.mongoUrl, { dbName: database }).asPromise();
    for (const collection of await connection.db!.collections()) await collection.drop();
    await connection.close();
  });

  const call = (method: 'GET' | 'POST', path: string, token?: string, body?: object) => {
    const req = method === 'GET' ? request(service.baseUrl).get(`/api/clients${path}`) : request(service.baseUrl).post(`/api/clients${path}`).send(body);
    return token ? req.set('authorization', `Bearer ${token}`) : req;
  };

  it("creates a client in the caller's firm", async () => {
    const res = await call('POST', '/clients', staffA, { kind: 'individual', displayName: ' Jane Doe ', emails: ['Jane@Example.com'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ firmId: firmA, kind: 'individual', displayName: 'Jane Doe', emails: ['jane@example.com'] });
  });

  it("never shows one firm's clients to another", async () => {
    const created = (await call('POST', '/clients', staffA, { kind: 'business', displayName: 'Acme Ltd', emails: [] })).body;
    expect((await call('GET', `/clients/${created.id}`, staffA)).status).toBe(200);

    const other = await call('GET', `/clients/${created.id}`, staffB);
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ message: 'Client not found' });

    const listB = (await call('GET', '/clients', staffB)).body;
    expect(listB.items.map((client: { id: string }) => client.id)).not.toContain(created.id);
    const listA = (await call('GET', '/clients', staffA)).body;
    expect(listA.items.map((client: { id: string }) => client.id)).toContain(created.id);
    expect(listA.items.every((client: { firmId: string }) => client.firmId === firmA)).toBe(true);
  });

  it('pages through a firm in creation order', async () => {
    const staffC = tokens.mint({ userId: 'staff-c', role: 'staff', firmId: 'firm-c', email: 'c@firm-c.example' });
    const names = ['one', 'two', 'three'];
    for (const displayName of names) await call('POST', '/clients', staffC, { kind: 'business', displayName });

    const first = (await call('GET', '/clients?limit=2', staffC)).body;
    expect(first.items.map((client: { displayName: string }) => client.displayName)).toEqual(['one', 'two']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await call('GET', `/clients?limit=2&after=${first.nextCursor}`, staffC)).body;
    expect(second.items.map((client: { displayName: string }) => client.displayName)).toEqual(['three']);
    expect(second).not.toHaveProperty('nextCursor');
  });

  it('answers 400 naming each bad field and rule', async () => {
    const res = await call('POST', '/clients', staffA, { kind: 'robot', displayName: '', emails: ['nope'], firmId: firmB });
    expect(res.status).toBe(400);
    const body = res.body;
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Validation failed' });
    expect(body.errors.map((error: { field: string; rule: string }) => `${error.field}:${error.rule}`).sort()).toEqual([
      'displayName:isNotEmpty',
      'emails:isEmail',
      'firmId:whitelistValidation',
      'kind:isIn',
    ]);
  });

  it('requires a staff access token', async () => {
    expect((await call('GET', '/clients')).status).toBe(401);
    const client = tokens.mint({
      userId: 'client-1',
      role: 'client',
      firmId: firmA,
      clientId: 'client-record-1',
      contactId: null,
      email: 'client@example.com',
    });
    expect((await call('GET', '/clients', client)).status).toBe(403);
    const foreign = new TestTokenIssuer(); // a key the service does not trust
    await foreign.start();
    try {
      expect((await call('GET', '/clients', foreign.mint({ userId: 'x', role: 'staff', firmId: firmA }))).status).toBe(401);
    } finally {
      await foreign.stop();
    }
  });

  it('serves its OpenAPI document with the clients endpoints', async () => {
    const doc = (await request(service.baseUrl).get('/api/clients/docs-json')).body;
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/clients/clients',
      '/api/clients/clients/{id}',
      '/api/clients/clients/{id}/contacts',
      '/api/clients/clients/{id}/contacts/{contactId}',
      '/api/clients/portal/me',
    ]);
    expect(Object.keys(doc.paths['/api/clients/clients/{id}']).sort()).toEqual(['get', 'patch']);
    expect(Object.keys(doc.paths['/api/clients/clients/{id}/contacts/{contactId}']).sort()).toEqual(['delete', 'patch']);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'UpdateClientRequestDto',
        'AddContactRequestDto',
        'UpdateContactRequestDto',
        'ContactResponseDto',
        'PortalAccessResponseDto',
        'PortalClientResponseDto',
        'PortalContactResponseDto',
      ]),
    );
  });

  it('refuses to start without MONGO_URL, naming it', async () => {
    const { MONGO_URL: _omitted, ...rest } = env;
    const broken = new ServiceProcess({ service: 'clients', env: { ...rest, PORT: String(await freePort()) }, waitReady: false });
    await broken.start();
    expect(await broken.exited()).toBe(1);
    expect(broken.logs).toContain('clients: Invalid configuration: MONGO_URL is required');
  });

  it('reports not ready (503, naming MongoDB) when the database is unreachable', async () => {
    const deadDb = new ServiceProcess({
      service: 'clients',
      env: { ...env, PORT: String(await freePort()), MONGO_URL: `mongodb://127.0.0.1:${await freePort()}`, KAFKA_GROUP_ID: `${env.KAFKA_GROUP_ID}-dead-db` },
      waitReady: false,
    });
    await deadDb.start();
    try {
      await waitFor(() => deadDb.health('live').then((status) => status === 200), { description: 'the service to listen' });
      const res = await request(deadDb.baseUrl).get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body.error.mongo).toMatchObject({ status: 'down' });
    } finally {
      await deadDb.stop();
    }
  });

  it('runs its shutdown hooks on SIGTERM and ends promptly', async () => {
    // A group of its own: joining the main service's group would make both rebalance, and
    // stopping mid-rebalance waits for it.
    const extra = await new ServiceProcess({
      service: 'clients',
      env: { ...env, PORT: String(await freePort()), KAFKA_GROUP_ID: `${env.KAFKA_GROUP_ID}-extra` },
    }).start();
    const started = Date.now();
    await extra.stop(10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(extra.logs).toContain('"msg":"Stopped on SIGTERM"');
  });
});
