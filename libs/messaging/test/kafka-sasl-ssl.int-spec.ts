// Production connectivity on a broker of this file's own (PrivateInfra): its SASL_SSL listener
// takes TLS with a CA of its own and SCRAM/PLAIN users, as a Strimzi or managed cluster would.
// The shared test broker is left alone: a fresh one has exactly the topics a test gives it.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { allTopics, createEvent, deadLetterTopicSpec, defineEvent, type TopicSpec } from '@portico/contracts';
import type { KafkaSaslEndpoint } from '@portico/local-infra';
import {
  assertTestDatabase,
  freePort,
  PrivateInfra,
  ServiceProcess,
  testDatabaseName,
  testEndpoints,
  TestTokenIssuer,
  uniqueName,
  waitFor,
} from '@portico/testing';
import { ConfigResourceTypes, type Admin, type KafkaMessage } from 'kafkajs';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ensureTopics, MissingTopicsError } from '../src/ensure-topics';
import { EventPublisher } from '../src/event-publisher';
import { createKafka, kafkaConnectionFromConfig, type KafkaConnection, type KafkaSaslMechanism } from '../src/kafka-client';
import { checkKafka } from '../src/kafka-health';

/** A service start on a busy 2-core machine (Nest, the database, TLS and SCRAM handshakes). */
const START_TIMEOUT_MS = 90_000;

let infra: PrivateInfra;
let sasl: KafkaSaslEndpoint;
let admin: Admin;

/** A service's connection as its environment would configure it. */
function connection(overrides: { mechanism?: KafkaSaslMechanism; password?: string; caFile?: string | null; credentials?: boolean } = {}): KafkaConnection {
  const credentials = overrides.credentials ?? true;
  return kafkaConnectionFromConfig({
    KAFKA_BROKERS: sasl.brokers,
    KAFKA_SSL: true,
    ...(overrides.caFile === null ? {} : { KAFKA_SSL_CA_FILE: overrides.caFile ?? sasl.caFile }),
    ...(credentials
      ? {
          KAFKA_SASL_MECHANISM: overrides.mechanism ?? 'scram-sha-512',
          KAFKA_SASL_USERNAME: sasl.username,
          KAFKA_SASL_PASSWORD: overrides.password ?? sasl.password,
        }
      : {}),
  });
}

/** The error a client gets trying to connect (bounded: two attempts within a second). */
async function connectError(target: KafkaConnection): Promise<Error> {
  const client = createKafka({ ...target, clientId: 'refused-client' }, { retries: 1, maxRetryTime: 500 }).admin();
  try {
    await client.connect();
    await client.listTopics();
  } catch (error) {
    return error as Error;
  } finally {
    await client.disconnect().catch(() => undefined);
  }
  throw new Error('connected, but should have been refused');
}

async function topicNames(): Promise<string[]> {
  return admin.listTopics();
}

async function retentionOf(topic: string): Promise<string | undefined> {
  const { resources } = await admin.describeConfigs({
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
    includeSynonyms: false,
  });
  return resources[0]?.configEntries.find((entry) => entry.configName === 'retention.ms')?.configValue;
}

beforeAll(async () => {
  // The refusals below are logged as errors by kafkajs (through Nest's logger): expected here, and a passing run prints nothing.
  Logger.overrideLogger(false);
  infra = await PrivateInfra.start(['kafka'], 'kafka-sasl');
  const endpoint = infra.endpoints.kafkaSasl;
  if (!endpoint) throw new Error('the private Kafka has no SASL_SSL listener');
  sasl = endpoint;
  admin = createKafka({ ...connection(), clientId: 'sasl-test-admin' }).admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await infra?.stop();
});

describe('a service client over SASL_SSL', () => {
  const topic = `test.messaging.${uniqueName('sasl')}.v1`;
  const Pinged = defineEvent({ type: 'Pinged', version: 1, topic, key: (p) => p.id, payload: z.object({ id: z.string() }), description: 'test event' });

  it('with the SCRAM-SHA-512 credentials and the CA from its file, creates a topic, publishes and consumes', async () => {
    await ensureTopics(connection(), [{ name: topic, partitions: 2 }]);
    const publisher = new EventPublisher({ ...connection(), clientId: 'sasl-test', catalogue: [Pinged] });
    const event = createEvent(Pinged, { id: 'p-1' }, { firmId: 'firm-1', correlationId: 'corr-1' });
    try {
      await publisher.publish([event]);
    } finally {
      await publisher.onApplicationShutdown();
    }

    const received: KafkaMessage[] = [];
    const consumer = createKafka({ ...connection(), clientId: 'sasl-test' }).consumer({ groupId: uniqueName('sasl-reader'), maxWaitTimeInMs: 500 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(message) });
      await waitFor(() => received.length > 0, { description: `the event on ${topic}` });
    } finally {
      await consumer.disconnect();
    }
    expect(JSON.parse(String(received[0]?.value))).toEqual(event);
  });

  it.each<KafkaSaslMechanism>(['scram-sha-256', 'plain'])('is let in with %s as well', async (mechanism) => {
    await expect(checkKafka(connection({ mechanism }))).resolves.toMatchObject({ status: 'up', brokers: 1 });
  });

  it('is refused with a wrong password: a SASL authentication failure, at once, never retried', async () => {
    const wrong = connection({ password: 'not-the-password' });
    const error = await connectError(wrong);
    expect(error.name).toBe('KafkaJSSASLAuthenticationError');
    expect(error.message).toMatch(/authentication failed.*invalid credentials/i);
    expect(error.message).not.toContain('not-the-password');

    // What a service does with it: topic set-up, publishing and the readiness check all fail with it.
    await expect(ensureTopics(wrong, [{ name: topic, partitions: 2 }])).rejects.toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
    const publisher = new EventPublisher({ ...wrong, clientId: 'sasl-test-wrong', catalogue: [Pinged], publishDeadlineMs: 20_000 });
    try {
      await expect(publisher.publish([createEvent(Pinged, { id: 'p-2' }, { firmId: 'f', correlationId: 'c' })])).rejects.toMatchObject({
        name: 'KafkaJSSASLAuthenticationError',
      });
    } finally {
      await publisher.onApplicationShutdown();
    }
    await expect(checkKafka(wrong)).resolves.toMatchObject({ status: 'down', reason: expect.stringMatching(/authentication failed/i) });
  });

  it('is refused without credentials: the broker closes the connection', async () => {
    const anonymous = connection({ credentials: false });
    const error = await connectError(anonymous);
    expect(`${error.name}: ${error.message}`).toMatch(/KafkaJS(ConnectionClosedError|NumberOfRetriesExceeded).*Closed connection/);
    await expect(checkKafka(anonymous)).resolves.toMatchObject({ status: 'down', reason: expect.stringMatching(/closed connection/i) });
  });

  it('does not trust the broker without its CA (system CAs only)', async () => {
    const error = await connectError(connection({ caFile: null }));
    expect(error.message).toMatch(/self-signed certificate in certificate chain/);
  });
});

describe('ensureTopics', () => {
  it("creates topics with their declared retention.ms; an existing topic's other retention is reported, not changed", async () => {
    const declared: TopicSpec = { name: `test.messaging.${uniqueName('retention')}.v1`, partitions: 1, retentionMs: 86_400_000 };
    const plain: TopicSpec = { name: `test.messaging.${uniqueName('default-retention')}.v1`, partitions: 1 };
    await expect(ensureTopics(connection(), [declared, plain])).resolves.toEqual({ created: [declared.name, plain.name], existing: [] });
    expect(await retentionOf(declared.name)).toBe('86400000');
    expect(await retentionOf(plain.name)).toBe('604800000'); // the broker's default (7 days)

    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const longer = { ...declared, retentionMs: 30 * 86_400_000 };
      await expect(ensureTopics(connection(), [longer])).resolves.toEqual({ created: [], existing: [declared.name] });
      expect(warn).toHaveBeenCalledWith(`${declared.name} has retention.ms=86400000, 2592000000 declared`);
    } finally {
      warn.mockRestore();
    }
    expect(await retentionOf(declared.name)).toBe('86400000');
  });

  it('with create: false, creates nothing and names every missing topic with its declaration', async () => {
    const present: TopicSpec = { name: `test.messaging.${uniqueName('present')}.v1`, partitions: 1 };
    const missing: TopicSpec[] = [
      { name: `test.messaging.${uniqueName('missing-a')}.v1`, partitions: 3 },
      { name: `test.messaging.${uniqueName('missing-b')}.v1`, partitions: 1, retentionMs: 3_600_000 },
    ];
    await ensureTopics(connection(), [present]);

    const error = await ensureTopics(connection(), [present, ...missing], { create: false }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(MissingTopicsError);
    expect((error as MissingTopicsError).message).toBe(
      `Kafka topics missing: ${missing[0]!.name} (3 partitions), ${missing[1]!.name} (1 partitions, retention.ms=3600000)`,
    );
    expect(await topicNames()).not.toEqual(expect.arrayContaining([missing[0]!.name]));
    expect(await topicNames()).not.toEqual(expect.arrayContaining([missing[1]!.name]));
    await expect(ensureTopics(connection(), [present], { create: false })).resolves.toEqual({ created: [], existing: [present.name] });
  });
});

describe('a built service with KAFKA_TOPICS_CREATE=false, over SASL_SSL', () => {
  const database = testDatabaseName('kafka_sasl_clients');
  const tokens = new TestTokenIssuer();
  const deadLetters = deadLetterTopicSpec('clients');
  let service: ServiceProcess | undefined;

  async function clientsService(env: Record<string, string> = {}): Promise<ServiceProcess> {
    return new ServiceProcess({
      service: 'clients',
      waitReady: false,
      env: {
        PORT: String(await freePort()),
        MONGO_URL: testEndpoints().mongoUrl,
        MONGO_DB: database,
        KAFKA_GROUP_ID: `clients-${database}`,
        KAFKA_BROKERS: sasl.brokers.join(','),
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: sasl.caFile,
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        KAFKA_SASL_USERNAME: sasl.username,
        KAFKA_SASL_PASSWORD: sasl.password,
        KAFKA_TOPICS_CREATE: 'false',
        ...tokens.env(),
        ...env,
      },
    });
  }

  beforeAll(async () => {
    await tokens.start();
    // What a platform team would have created: every declared topic but the service's dead letters.
    await ensureTopics(connection(), allTopics);
  });

  afterAll(async () => {
    await service?.stop();
    await tokens.stop();
    assertTestDatabase(database);
    const db = await mongoose.createConnection(testEndpoints().mongoUrl, { dbName: database }).asPromise();
    await db.dropDatabase();
    await db.close();
  });

  it('exits 1 naming the missing topic, and creates nothing', async () => {
    expect(await topicNames()).not.toContain(deadLetters.name);
    const failing = await (await clientsService()).start();
    expect(await failing.exited(START_TIMEOUT_MS)).toBe(1);
    expect(failing.logs).toContain(`Kafka topics missing: ${deadLetters.name} (1 partitions, retention.ms=2592000000)`);
    expect(failing.logs).toContain('KAFKA_TOPICS_CREATE=false');
    expect(failing.logs).not.toContain('portico.clients.client.v1 (');
    expect(await topicNames()).not.toContain(deadLetters.name);
  });

  it('exits 1 on a wrong password, and never prints a password', async () => {
    const failing = await (await clientsService({ KAFKA_SASL_PASSWORD: 'wrong-password-for-this-test' })).start();
    expect(await failing.exited(START_TIMEOUT_MS)).toBe(1);
    expect(failing.logs).toMatch(/Failed to start: KafkaJSSASLAuthenticationError: SASL SCRAM SHA512 authentication failed/);
    expect(failing.logs).not.toContain('wrong-password-for-this-test');
    expect(failing.logs).not.toContain(sasl.password);
  });

  it('starts once every topic exists: ready, its events published and its consumer in its group, all over SASL_SSL', async () => {
    await ensureTopics(connection(), [deadLetters]);
    service = await (await clientsService()).start();
    await waitFor(async () => (await service!.health('ready')) === 200 || service!.logs.includes('Failed to start'), {
      timeoutMs: START_TIMEOUT_MS,
      description: 'clients to be ready',
    });
    expect(await service.health('ready')).toBe(200);
    expect(service.logs).not.toContain(sasl.password);

    const firmId = 'firm-sasl';
    const token = tokens.mint({ userId: randomUUID(), role: 'staff', firmId, email: 'staff@firm.example' });
    const response = await fetch(`${service.baseUrl}/api/clients/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'business', displayName: 'Acme Ltd', emails: [] }),
    });
    expect(response.status).toBe(201);
    const client = (await response.json()) as { id: string };

    const published: KafkaMessage[] = [];
    const reader = createKafka({ ...connection(), clientId: 'sasl-test-reader' }).consumer({
      groupId: uniqueName('sasl-service-reader'),
      maxWaitTimeInMs: 500,
    });
    await reader.connect();
    try {
      await reader.subscribe({ topic: 'portico.clients.client.v1', fromBeginning: true });
      await reader.run({ eachMessage: async ({ message }) => void (message.key?.toString() === client.id && published.push(message)) });
      await waitFor(() => published.length > 0, { timeoutMs: 30_000, description: "the service's ClientCreated" });
    } finally {
      await reader.disconnect();
    }
    expect(JSON.parse(String(published[0]?.value))).toMatchObject({ type: 'ClientCreated', firmId, payload: { clientId: client.id } });

    const members = async () => (await admin.describeGroups([`clients-${database}`])).groups[0]?.members.length ?? 0;
    await waitFor(async () => (await members()) === 1, { timeoutMs: 30_000, description: "the service's consumer in its group" });
  });
});
