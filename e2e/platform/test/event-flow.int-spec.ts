import { allTopics, ClientCreated, ClientUpdated, createEvent, deadLetterTopic, Topics, type EventEnvelope } from '@portico/contracts';
import {
  assertTestDatabase,
  freePort,
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

// The event backbone through real services: the clients service writes a client and its
// ClientCreated event in one document (outbox), its relay publishes to Kafka, and the
// invitations service consumes it into its own client directory. Real Kafka, real MongoDB
// wire server, built service processes.
interface DirectoryEntry {
  _id: string;
  firmId: string;
  displayName: string;
  emails: string[];
  eventsApplied: number;
}

interface ClientDoc {
  _id: string;
  outbox: EventEnvelope[];
}

interface DeadLetterRecord {
  topic: string;
  key: string | null;
  value: string | null;
  reason: string;
  attempts: number;
}

describe('events between services', () => {
  const endpoints = testEndpoints();
  const brokers = endpoints.kafkaBrokers;
  const tokens = new TestTokenIssuer();
  const clientsDb = testDatabaseName('e2e_clients');
  const invitationsDb = testDatabaseName('e2e_invitations');
  const firmId = uuidv7();
  const kafka = new Kafka({ clientId: 'e2e-event-flow', brokers, logLevel: logLevel.NOTHING });
  let producer: Producer;
  let clientsConnection: Connection;
  let invitationsConnection: Connection;
  let clientsPort: number;
  let clients: ServiceProcess | undefined;
  let invitations: ServiceProcess;
  let staffToken: string;

  const clientsService = (relay: boolean) =>
    new ServiceProcess({
      service: 'clients',
      env: {
        PORT: String(clientsPort),
        MONGO_URL: endpoints.mongoUrl,
        MONGO_DB: clientsDb,
        KAFKA_BROKERS: brokers.join(','),
        OUTBOX_RELAY_ENABLED: String(relay),
        KAFKA_GROUP_ID: `clients-${clientsDb}`,
        ...tokens.env(),
      },
    }).start();

  const createClient = async (displayName: string, emails: string[]): Promise<string> => {
    const response = await fetch(`${clients!.baseUrl}/api/clients/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${staffToken}` },
      body: JSON.stringify({ kind: 'individual', displayName, emails }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  const directoryEntry = (clientId: string) => invitationsConnection.collection<DirectoryEntry>('client_directory').findOne({ _id: clientId });

  const produceRaw = (key: string, value: string) => producer.send({ topic: Topics.clientsClient.name, acks: -1, messages: [{ key, value }] });

  beforeAll(async () => {
    await tokens.start();
    staffToken = tokens.mint({ userId: uuidv7(), role: 'staff', firmId, email: 'staff@e2e.test' });
    clientsPort = await freePort();
    clientsConnection = await mongoose.createConnection(endpoints.mongoUrl, { dbName: clientsDb }).asPromise();
    invitationsConnection = await mongoose.createConnection(endpoints.mongoUrl, { dbName: invitationsDb }).asPromise();
    // This file's world starts now: skip what earlier test runs left on the shared broker.
    await startConsumerGroupAtEnd(
      brokers,
      `invitations-${invitationsDb}`,
      allTopics.map((topic) => topic.name),
    );
    invitations = await new ServiceProcess({
      service: 'invitations',
      env: {
        PORT: String(await freePort()),
        MONGO_URL: endpoints.mongoUrl,
        MONGO_DB: invitationsDb,
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_GROUP_ID: `invitations-${invitationsDb}`,
        ...tokens.env(),
      },
    }).start();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all([clients?.stop(), invitations?.stop()]);
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

  it('a client created in the clients service reaches the invitations service through the outbox and Kafka', async () => {
    clients = await clientsService(true);
    const clientId = await createClient('Robin Outbox', ['Robin@Example.test']);

    const entry = await waitFor(() => directoryEntry(clientId).then((e) => e ?? undefined), { description: 'the client in the invitations directory' });
    expect(entry).toMatchObject({ firmId, displayName: 'Robin Outbox', emails: ['robin@example.test'], eventsApplied: 1 });
    const stored = await clientsConnection.collection<ClientDoc>('clients').findOne({ _id: clientId });
    expect(stored?.outbox).toEqual([]);
  });

  describe('when the relay dies after the write and before publishing', () => {
    let clientId: string;
    let pending: EventEnvelope;

    it('keeps the event in the document, and publishes it after a restart', async () => {
      await clients!.stop();
      clients = await clientsService(false);
      clientId = await createClient('Sam Crash', ['sam@example.test']);
      const written = await clientsConnection.collection<ClientDoc>('clients').findOne({ _id: clientId });
      expect(written?.outbox).toHaveLength(1);
      pending = written!.outbox[0]!;
      expect(pending).toMatchObject({ type: 'ClientCreated', firmId, key: clientId });

      await clients.kill(); // SIGKILL: nothing gets to run
      const afterCrash = await clientsConnection.collection<ClientDoc>('clients').findOne({ _id: clientId });
      expect(afterCrash?.outbox.map((event) => event.id)).toEqual([pending.id]);
      expect(await directoryEntry(clientId)).toBeNull();

      clients = await clientsService(true);
      const entry = await waitFor(() => directoryEntry(clientId).then((e) => e ?? undefined), { description: 'the recovered event at the consumer' });
      expect(entry).toMatchObject({ displayName: 'Sam Crash', eventsApplied: 1 });
      await waitFor(async () => (await clientsConnection.collection<ClientDoc>('clients').findOne({ _id: clientId }))?.outbox.length === 0, {
        description: 'the outbox to be emptied after publishing',
      });
    });

    it('handles the event once even when it arrives twice', async () => {
      // The same envelope again (a redelivery after a relay crash between publish and clear),
      // then a later event of the same client: same key, same partition, so once the later
      // one is applied the duplicate before it has been dealt with.
      await produceRaw(clientId, JSON.stringify(pending));
      const renamed = createEvent(
        ClientUpdated,
        { clientId, firmId, kind: 'individual', displayName: 'Sam Renamed', emails: ['sam@example.test'], contacts: [] },
        { firmId, correlationId: randomUUID() },
      );
      await produceRaw(clientId, JSON.stringify(renamed));

      const entry = await waitFor(() => directoryEntry(clientId).then((e) => (e?.displayName === 'Sam Renamed' ? e : undefined)), {
        description: 'the update after the duplicate',
      });
      expect(entry.eventsApplied).toBe(2);
    });
  });

  it('sends a message that fails its schema to the dead-letter topic with the reason, and still handles the next one on that partition', async () => {
    const clientId = uuidv7();
    const valid = createEvent(
      ClientCreated,
      { clientId, firmId, kind: 'business', displayName: 'Next In Line Ltd', emails: [], contacts: [] },
      { firmId, correlationId: randomUUID() },
    );
    const poison = JSON.stringify({ ...valid, id: uuidv7(), payload: { ...valid.payload, emails: ['not-an-email'] } });
    await produceRaw(clientId, poison);
    await produceRaw(clientId, JSON.stringify(valid));

    const entry = await waitFor(() => directoryEntry(clientId).then((e) => e ?? undefined), { description: 'the message after the poison one' });
    expect(entry).toMatchObject({ displayName: 'Next In Line Ltd', eventsApplied: 1 });

    const letters = await readTopic<DeadLetterRecord>(kafka, deadLetterTopic('invitations'), (record) => record.key === clientId);
    expect(letters).toHaveLength(1);
    // A schema failure is not retried: no handler ever ran (attempts 0).
    expect(letters[0]).toMatchObject({ topic: Topics.clientsClient.name, value: poison, attempts: 0 });
    expect(letters[0]!.reason).toMatch(/^schema: .*emails/);
  });
});

/** Reads a topic from the beginning until `match` has matched at least once. */
async function readTopic<T>(kafka: Kafka, topic: string, match: (record: T) => boolean): Promise<T[]> {
  const consumer = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}` });
  const found: T[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const record = JSON.parse(message.value?.toString() ?? 'null') as T;
      if (match(record)) found.push(record);
    },
  });
  try {
    await waitFor(() => found.length > 0, { timeoutMs: 30_000, description: `a matching record on ${topic}` });
    return found;
  } finally {
    await consumer.disconnect();
  }
}
