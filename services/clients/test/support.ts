import { allEvents, EventCatalogue, type EventEnvelope } from '@portico/contracts';
import { assertTestDatabase, freePort, ServiceProcess, testDatabaseName, testEndpoints, TestTokenIssuer, waitFor } from '@portico/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import request from 'supertest';

/**
 * One built clients service for a test file: its own database, its own consumer group (so it
 * reads every event from the start without taking partitions from another process), a token
 * issuer it trusts, a producer for raw events and a connection to look at its documents.
 */
export class ClientsHarness {
  readonly endpoints = testEndpoints();
  readonly tokens = new TestTokenIssuer();
  readonly database: string;
  readonly kafka = new Kafka({ clientId: `clients-test-${randomUUID()}`, brokers: this.endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  service!: ServiceProcess;
  db!: Connection;
  private producer: Producer | undefined;

  constructor(label: string) {
    this.database = testDatabaseName(label);
  }

  async start(): Promise<this> {
    await this.tokens.start();
    this.db = await mongoose.createConnection(this.endpoints.mongoUrl, { dbName: this.database }).asPromise();
    this.service = await new ServiceProcess({
      service: 'clients',
      env: {
        PORT: String(await freePort()),
        MONGO_URL: this.endpoints.mongoUrl,
        MONGO_DB: this.database,
        KAFKA_BROKERS: this.endpoints.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: `clients-${this.database}`,
        ...this.tokens.env(),
      },
    }).start();
    return this;
  }

  async stop(): Promise<void> {
    await this.service?.stop();
    await this.producer?.disconnect();
    await this.tokens.stop();
    assertTestDatabase(this.database);
    await this.db?.dropDatabase();
    await this.db?.close();
  }

  staffToken(firmId: string): string {
    return this.tokens.mint({ userId: randomUUID(), role: 'staff', firmId, email: `staff@${firmId}.example` });
  }

  /**
   * A client's token as identity issues it: inside a portal (firm, client record, and the
   * linked contact acting or null for the client themself), or, without `portal`, right after
   * login (no firm).
   */
  clientToken(portal?: { firmId: string; clientId: string; contactId?: string | null }): string {
    const userId = randomUUID();
    const email = `client-${userId}@example.test`;
    return portal
      ? this.tokens.mint({ userId, role: 'client', email, firmId: portal.firmId, clientId: portal.clientId, contactId: portal.contactId ?? null })
      : this.tokens.mint({ userId, role: 'client', email });
  }

  /** A request to `/api/clients<path>` as the holder of `token`. */
  call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, token: string, body?: object): request.Test {
    const url = `/api/clients${path}`;
    const agent = request(this.service.baseUrl);
    const req = method === 'GET' ? agent.get(url) : method === 'DELETE' ? agent.delete(url) : method === 'POST' ? agent.post(url) : agent.patch(url);
    return (body ? req.send(body) : req).set('authorization', `Bearer ${token}`);
  }

  /**
   * Produces envelopes as their producers would, in the order given. With `partition`, all go to
   * that partition (whatever their keys), which the service consumes in order: once the last
   * one shows its effect, the ones before it have been handled.
   */
  async produce(events: EventEnvelope[], partition?: number): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await this.producer.connect();
    }
    for (const event of events) {
      const topic = topicOf(event);
      await this.producer.send({
        topic,
        acks: -1,
        messages: [{ key: event.key, value: JSON.stringify(event), ...(partition === undefined ? {} : { partition }) }],
      });
    }
  }

  /** The stored document of a client, as the service wrote it. */
  document(clientId: string): Promise<{ revision: number; outbox: EventEnvelope[] } | null> {
    return this.db.collection<{ _id: string; revision: number; outbox: EventEnvelope[] }>('clients').findOne({ _id: clientId });
  }

  /**
   * Reads `topic` from the beginning with a group of its own and collects the records `match`
   * accepts, until `done` says the collection is complete.
   */
  async readTopic(topic: string, match: (record: EventEnvelope) => boolean, done: (records: EventEnvelope[]) => boolean): Promise<EventEnvelope[]> {
    const consumer = this.kafka.consumer({ groupId: `clients-test-reader-${randomUUID()}` });
    const found: EventEnvelope[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const record = JSON.parse(message.value?.toString() ?? 'null') as EventEnvelope;
        if (record && match(record)) found.push(record);
      },
    });
    try {
      await waitFor(() => done(found), { timeoutMs: 30_000, description: `the expected records on ${topic}` });
      return found;
    } finally {
      await consumer.disconnect();
    }
  }
}

const catalogue = new EventCatalogue(allEvents);

function topicOf(event: EventEnvelope): string {
  const contract = catalogue.find(event.type, event.version);
  if (!contract) throw new Error(`${event.type}@v${event.version} is not in the event catalogue`);
  return contract.topic;
}
