import type { EventEnvelope } from '@portico/contracts';
import { assertTestDatabase, freePort, ServiceProcess, testDatabaseName, testEndpoints, waitFor } from '@portico/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { generateKeyPairSync, randomUUID } from 'node:crypto';

/** The built identity service on its own port, database and consumer group, plus a connection to that database. */
export class IdentityUnderTest {
  readonly endpoints = testEndpoints();
  readonly database: string;
  service!: ServiceProcess;
  db!: Connection;
  private pem: string | undefined;
  private readonly replicas: ServiceProcess[] = [];

  constructor(
    label: string,
    private readonly env: Record<string, string> = {},
  ) {
    this.database = testDatabaseName(label);
  }

  get api(): string {
    return `${this.service.baseUrl}/api/identity`;
  }

  async start(): Promise<this> {
    await this.startService();
    this.db = await mongoose.createConnection(this.endpoints.mongoUrl, { dbName: this.database }).asPromise();
    return this;
  }

  /** Stops the process and starts it again on the same database with `env` changed (e.g. another signing key). */
  async restart(env: Record<string, string>): Promise<this> {
    await this.service.stop();
    Object.assign(this.env, env);
    await this.startService();
    return this;
  }

  /** Another replica: same database, consumer group and signing key, its own port. Stopped by `stop()`. */
  async replica(): Promise<ServiceProcess> {
    const replica = await this.process(this.pem ?? this.newKey());
    this.replicas.push(replica);
    return replica;
  }

  private newKey(): string {
    return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  }

  private async startService(): Promise<void> {
    this.pem = this.newKey();
    this.service = await this.process(this.pem);
  }

  private async process(pem: string): Promise<ServiceProcess> {
    const port = await freePort();
    return new ServiceProcess({
      service: 'identity',
      env: {
        PORT: String(port),
        MONGO_URL: this.endpoints.mongoUrl,
        MONGO_DB: this.database,
        KAFKA_BROKERS: this.endpoints.kafkaBrokers.join(','),
        // Its own group: a developer's running identity must not take this run's events, nor the reverse.
        KAFKA_GROUP_ID: `identity-${this.database}`,
        // Identity checks its own access tokens (GET /me) through its own JWKS, like any service.
        JWKS_URI: `http://127.0.0.1:${port}/api/identity/.well-known/jwks.json`,
        JWT_PRIVATE_KEY: pem,
        JWT_KEY_ID: 'it-key-1',
        ...this.env,
      },
    }).start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.service?.stop(), ...this.replicas.map((replica) => replica.stop())]);
    assertTestDatabase(this.database);
    await this.db?.dropDatabase();
    await this.db?.close();
  }
}

/** Every event on `topics` from the beginning, so nothing produced before the subscription settles is missed. */
export class EventRecorder {
  readonly events: EventEnvelope[] = [];
  private readonly kafka = new Kafka({ clientId: 'identity-it-recorder', brokers: testEndpoints().kafkaBrokers, logLevel: logLevel.NOTHING });
  private consumer?: Consumer;

  constructor(private readonly topics: string[]) {}

  async start(): Promise<this> {
    this.consumer = this.kafka.consumer({ groupId: `identity-it-recorder-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        this.events.push(JSON.parse(message.value?.toString() ?? 'null') as EventEnvelope);
      },
    });
    return this;
  }

  find<P>(match: (event: EventEnvelope<P>) => boolean, description: string): Promise<EventEnvelope<P>> {
    return waitFor(() => (this.events as EventEnvelope<P>[]).find(match), { timeoutMs: 30_000, description });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
