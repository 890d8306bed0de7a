import { allTopics, ClientCreated, createEvent, Topics } from '@portico/contracts';
import {
  assertTestDatabase,
  freePort,
  MetricsScrape,
  ServiceProcess,
  startConsumerGroupAtEnd,
  testDatabaseName,
  testEndpoints,
  TestTokenIssuer,
  waitFor,
} from '@portico/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

// What the people on call rely on, through built service processes on the real stack: each
// service's Prometheus endpoint on its own port (scraped and parsed as Prometheus would), the
// counters moving as the traffic predicts, and a SIGTERM that drains before it closes.
describe('operating the services: metrics and drain', () => {
  const endpoints = testEndpoints();
  const brokers = endpoints.kafkaBrokers;
  const tokens = new TestTokenIssuer();
  const clientsDb = testDatabaseName('e2e_operate_clients');
  const invitationsDb = testDatabaseName('e2e_operate_invitations');
  const invitationsGroup = `invitations-${invitationsDb}`;
  const firmId = uuidv7();
  const kafka = new Kafka({ clientId: 'e2e-operate', brokers, logLevel: logLevel.NOTHING });
  let producer: Producer;
  let invitationsConnection: Connection;
  let clientsConnection: Connection;
  let invitations: ServiceProcess;
  let invitationsMetrics: string;
  const running: ServiceProcess[] = [];
  let staffToken: string;
  /** The clients replica started without a relay (second test). */
  let idleMetrics: string;

  async function startClients(env: Record<string, string>): Promise<{ service: ServiceProcess; metricsUrl: string }> {
    const metricsPort = await freePort();
    const service = await new ServiceProcess({
      service: 'clients',
      env: {
        PORT: String(await freePort()),
        METRICS_PORT: String(metricsPort),
        MONGO_URL: endpoints.mongoUrl,
        MONGO_DB: clientsDb,
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_GROUP_ID: `clients-${clientsDb}`,
        ...tokens.env(),
        ...env,
      },
    }).start();
    running.push(service);
    return { service, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
  }

  const createClient = (service: ServiceProcess, body: unknown) =>
    fetch(`${service.baseUrl}/api/clients/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${staffToken}` },
      body: JSON.stringify(body),
    });

  const directoryEntry = (clientId: string) =>
    invitationsConnection.collection<{ _id: string; displayName: string }>('client_directory').findOne({ _id: clientId });

  beforeAll(async () => {
    await tokens.start();
    staffToken = tokens.mint({ userId: uuidv7(), role: 'staff', firmId, email: 'staff@operate.test' });
    invitationsConnection = await mongoose.createConnection(endpoints.mongoUrl, { dbName: invitationsDb }).asPromise();
    clientsConnection = await mongoose.createConnection(endpoints.mongoUrl, { dbName: clientsDb }).asPromise();
    await startConsumerGroupAtEnd(
      brokers,
      invitationsGroup,
      allTopics.map((topic) => topic.name),
    );
    const metricsPort = await freePort();
    invitationsMetrics = `http://127.0.0.1:${metricsPort}/metrics`;
    invitations = await new ServiceProcess({
      service: 'invitations',
      env: {
        PORT: String(await freePort()),
        METRICS_PORT: String(metricsPort),
        MONGO_URL: endpoints.mongoUrl,
        MONGO_DB: invitationsDb,
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_GROUP_ID: invitationsGroup,
        ...tokens.env(),
      },
    }).start();
    running.push(invitations);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
    await producer?.disconnect();
    for (const [name, connection] of [
      [clientsDb, clientsConnection],
      [invitationsDb, invitationsConnection],
    ] as const) {
      assertTestDatabase(name);
      await connection?.dropDatabase();
      await connection?.close();
    }
    await tokens.stop();
  });

  it('serves Prometheus metrics on METRICS_PORT, never on the API port, every series labelled with the service', async () => {
    const scrape = await MetricsScrape.of(invitationsMetrics);
    expect(scrape.type('process_cpu_user_seconds_total')).toBe('COUNTER');
    expect(scrape.labelSets('process_resident_memory_bytes')).toEqual([{ service: 'invitations' }]);
    expect(scrape.labelSets('portico_kafka_consumer_up', { group: invitationsGroup })).toEqual([{ group: invitationsGroup, service: 'invitations' }]);
    expect(scrape.value('portico_kafka_consumer_up', { group: invitationsGroup })).toBe(1);
    expect(scrape.has('portico_bulk_recipients_pending')).toBe(true);
    expect(scrape.value('portico_bulk_recipients_pending')).toBe(0);

    expect((await fetch(`${invitations.baseUrl}/metrics`)).status).toBe(404);
    expect((await fetch(invitationsMetrics.replace('/metrics', '/other'))).status).toBe(404);
  });

  it('counts HTTP requests by route template and status, and times them', async () => {
    const { service, metricsUrl } = await startClients({ OUTBOX_RELAY_ENABLED: 'false' });
    idleMetrics = metricsUrl;
    const created = { method: 'POST', route: '/api/clients/clients', status_code: '201', service: 'clients' };
    const refused = { ...created, status_code: '400' };

    expect((await createClient(service, { kind: 'individual', displayName: 'Morgan Metrics', emails: ['morgan@operate.test'] })).status).toBe(201);
    expect((await createClient(service, { kind: 'individual', displayName: 'Morgan Metrics', emails: ['morgan@operate.test'] })).status).toBe(201);
    expect((await createClient(service, { kind: 'nobody' })).status).toBe(400);
    const clientId = uuidv7();
    expect((await fetch(`${service.baseUrl}/api/clients/clients/${clientId}`, { headers: { authorization: `Bearer ${staffToken}` } })).status).toBe(404);

    const scrape = await MetricsScrape.of(metricsUrl);
    expect(scrape.value('portico_http_requests_total', created)).toBe(2);
    expect(scrape.value('portico_http_requests_total', refused)).toBe(1);
    // A template, not the path: ids never make a series of their own.
    expect(scrape.value('portico_http_requests_total', { route: '/api/clients/clients/:id', status_code: '404' })).toBe(1);
    expect(scrape.labelSets('portico_http_requests_total').some((labels) => labels.route?.includes(clientId))).toBe(false);
    expect(scrape.type('portico_http_request_duration_seconds')).toBe('HISTOGRAM');
    expect(scrape.histogramCount('portico_http_request_duration_seconds', created)).toBe(2);
  });

  it('shows the outbox backlog while no relay runs, and the same truth from every replica once one publishes it', async () => {
    const before = await MetricsScrape.of(idleMetrics);
    expect(before.value('portico_outbox_pending_events')).toBe(2);
    expect(before.value('portico_outbox_oldest_pending_age_seconds')).toBeGreaterThan(0);

    // A second replica, with the relay: it publishes, and the first one's scrape sees the backlog gone.
    const { metricsUrl } = await startClients({});
    await waitFor(async () => (await MetricsScrape.of(idleMetrics)).value('portico_outbox_pending_events') === 0, {
      description: 'the backlog to be published',
    });
    const after = await MetricsScrape.of(metricsUrl);
    expect(after.value('portico_outbox_pending_events')).toBe(0);
    expect(after.value('portico_outbox_oldest_pending_age_seconds')).toBe(0);
  });

  it('counts consumed, handled and dead-lettered messages per topic and group', async () => {
    const labels = { topic: Topics.clientsClient.name, group: invitationsGroup };
    // The two clients created above reach invitations' directory first.
    await waitFor(async () => (await MetricsScrape.of(invitationsMetrics)).value('portico_kafka_messages_handled_total', labels) >= 2, {
      description: 'the created clients to be handled',
    });
    const before = await MetricsScrape.of(invitationsMetrics);

    const clientId = uuidv7();
    const valid = createEvent(
      ClientCreated,
      { clientId, firmId, kind: 'business', displayName: 'Counted Ltd', emails: [], contacts: [] },
      { firmId, correlationId: randomUUID() },
    );
    const poison = JSON.stringify({ ...valid, id: uuidv7(), payload: { ...valid.payload, emails: ['not-an-email'] } });
    await producer.send({
      topic: labels.topic,
      acks: -1,
      messages: [
        { key: clientId, value: poison },
        { key: clientId, value: JSON.stringify(valid) },
      ],
    });
    await waitFor(() => directoryEntry(clientId).then((entry) => entry ?? undefined), { description: 'the valid event after the poison one' });

    const after = await waitFor(
      async () => {
        const scrape = await MetricsScrape.of(invitationsMetrics);
        return scrape.value('portico_kafka_messages_handled_total', labels) > before.value('portico_kafka_messages_handled_total', labels) ? scrape : undefined;
      },
      { description: 'the handled counter to move' },
    );
    expect(after.value('portico_kafka_messages_dead_lettered_total', labels)).toBe(before.value('portico_kafka_messages_dead_lettered_total', labels) + 1);
    expect(after.value('portico_kafka_messages_handled_total', labels)).toBe(before.value('portico_kafka_messages_handled_total', labels) + 1);
    expect(after.value('portico_kafka_messages_consumed_total', labels)).toBeGreaterThanOrEqual(
      before.value('portico_kafka_messages_consumed_total', labels) + 2,
    );
    // Schema failures are not retried.
    expect(after.value('portico_kafka_handler_retries_total', labels)).toBe(before.value('portico_kafka_handler_retries_total', labels));
    const lag = after.labelSets('portico_kafka_consumer_lag', labels);
    expect(lag.length).toBeGreaterThan(0);
    expect(lag.every((set) => /^\d+$/.test(set.partition ?? ''))).toBe(true);
  });

  it('on SIGTERM turns not ready at once, keeps serving for SHUTDOWN_DRAIN_MS, then exits', async () => {
    const { service, metricsUrl } = await startClients({ SHUTDOWN_DRAIN_MS: '4000' });
    const started = Date.now();
    service.terminate();

    await waitFor(async () => (await service.health('ready')) === 503, { timeoutMs: 3_000, intervalMs: 50, description: 'readiness to turn 503' });
    const ready = (await (await fetch(`${service.baseUrl}/health/ready`)).json()) as { error?: Record<string, { message?: string }> };
    expect(ready.error?.lifecycle?.message).toMatch(/^shutting down since /);
    // Still serving: requests that load balancers send before they notice are answered.
    expect((await createClient(service, { kind: 'individual', displayName: 'Late Arrival', emails: [] })).status).toBe(201);
    expect(await service.health('live')).toBe(200);
    expect((await MetricsScrape.of(metricsUrl)).value('portico_http_requests_total', { route: '/api/clients/clients', status_code: '201' })).toBe(1);
    expect(Date.now() - started).toBeLessThan(4_000);

    await service.exited(30_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
    expect(service.logs).toContain('SIGTERM: not ready from now on; still serving for 4000 ms, then shutting down');
    expect(service.logs).toContain('Stopped on SIGTERM');
  });
});
