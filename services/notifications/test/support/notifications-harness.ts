import { createEvent, EmailFailed, EmailSent, InvitationEmailRequested, Topics, type EnvelopeOf, type PayloadOf } from '@portico/contracts';
import { ensureTopics } from '@portico/messaging';
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
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { PrivateMailpit } from './private-mailpit';

export type EmailOutcome = EnvelopeOf<typeof EmailSent> | EnvelopeOf<typeof EmailFailed>;

export interface DeliveryRecord {
  _id: string;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  renderedWith: 'default' | 'firm';
  content?: unknown;
  lastError?: string;
}

/**
 * Everything a notifications test file needs: its own Mailpit, database, consumer group and
 * JWKS; a producer for requests; a reader of EmailSent/EmailFailed; the built service.
 */
export class NotificationsHarness {
  readonly endpoints = testEndpoints();
  readonly tokens = new TestTokenIssuer();
  readonly database: string;
  readonly groupId: string;
  mailpit!: PrivateMailpit;
  service!: ServiceProcess;
  db!: Connection;
  private readonly kafka: Kafka;
  private producer!: Producer;
  private outcomeReader!: Consumer;
  private readonly outcomes: EmailOutcome[] = [];
  private port!: number;

  constructor(
    private readonly label: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {
    this.database = testDatabaseName(label);
    this.groupId = `notifications-${this.database}`;
    this.kafka = new Kafka({ clientId: `test-${label}`, brokers: this.endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  }

  async setUp(): Promise<void> {
    await this.tokens.start();
    this.mailpit = await PrivateMailpit.start(this.label);
    this.port = await freePort();
    this.db = await mongoose.createConnection(this.endpoints.mongoUrl, { dbName: this.database }).asPromise();
    await ensureTopics(this.endpoints.kafkaBrokers, [Topics.invitationsEmail, Topics.notificationsEmail]);
    await startConsumerGroupAtEnd(this.endpoints.kafkaBrokers, this.groupId, Topics.invitationsEmail.name);
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    await this.readOutcomes();
    await this.startService();
  }

  async tearDown(): Promise<void> {
    await this.service?.stop();
    await this.outcomeReader?.disconnect();
    await this.producer?.disconnect();
    await this.mailpit?.dispose();
    assertTestDatabase(this.database);
    await this.db?.dropDatabase();
    await this.db?.close();
    await this.tokens.stop();
  }

  async startService(): Promise<ServiceProcess> {
    this.service = await new ServiceProcess({
      service: 'notifications',
      env: {
        PORT: String(this.port),
        MONGO_URL: this.endpoints.mongoUrl,
        MONGO_DB: this.database,
        KAFKA_BROKERS: this.endpoints.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: this.groupId,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(this.mailpit.smtpPort),
        MAIL_FROM: 'Portico Test <no-reply@portico.test>',
        ...this.tokens.env(),
        ...this.extraEnv,
      },
    }).start();
    return this.service;
  }

  /** A valid request to a fresh address; deliveryKey and invitation are new each time. */
  request(overrides: Partial<PayloadOf<typeof InvitationEmailRequested>> = {}, firmId = uuidv7()): EnvelopeOf<typeof InvitationEmailRequested> {
    const invitationId = uuidv7();
    return createEvent(
      InvitationEmailRequested,
      {
        invitationId,
        deliveryKey: `invitation:${invitationId}`,
        to: `client-${invitationId}@example.test`,
        firmName: 'Smith & Co Accountants',
        recipientName: 'Jane Doe',
        message: 'Hello Jane,\nplease join our portal.',
        templateId: null,
        acceptUrl: `https://portal.example.test/invitations/${randomUUID()}`,
        expiresAt: '2027-01-31T12:00:00.000Z',
        ...overrides,
      },
      { firmId, correlationId: randomUUID() },
    );
  }

  async produce(event: EnvelopeOf<typeof InvitationEmailRequested>): Promise<void> {
    await this.producer.send({ topic: Topics.invitationsEmail.name, acks: -1, messages: [{ key: event.key, value: JSON.stringify(event) }] });
  }

  async outcome(deliveryKey: string, timeoutMs = 30_000): Promise<EmailOutcome> {
    return waitFor(() => this.outcomes.find((event) => event.payload.deliveryKey === deliveryKey), {
      timeoutMs,
      description: `EmailSent/EmailFailed for ${deliveryKey}`,
    });
  }

  outcomesFor(deliveryKey: string): EmailOutcome[] {
    return this.outcomes.filter((event) => event.payload.deliveryKey === deliveryKey);
  }

  delivery(deliveryKey: string): Promise<DeliveryRecord | null> {
    return this.db.collection<DeliveryRecord>('deliveries').findOne({ _id: deliveryKey });
  }

  staffToken(firmId: string): string {
    return this.tokens.mint({ userId: uuidv7(), role: 'staff', firmId, email: `staff@${firmId}.example.test` });
  }

  /**
   * A new consumer group starts at the oldest retained event (a service's backlog). For a test's
   * throw-away group that backlog is every request other runs left on the shared topic: start it
   * at the end instead, so the service handles only what this file produces from now on. (What
   * kafkajs' admin.setOffsets does, minus its 5 s wait for a long poll to end.)
   */
  /** Collects every EmailSent/EmailFailed (tests pick theirs by deliveryKey). */
  private async readOutcomes(): Promise<void> {
    this.outcomeReader = this.kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
    await this.outcomeReader.connect();
    await this.outcomeReader.subscribe({ topic: Topics.notificationsEmail.name, fromBeginning: true });
    await this.outcomeReader.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value?.toString() ?? 'null') as EmailOutcome | null;
        if (event && (event.type === EmailSent.type || event.type === EmailFailed.type)) this.outcomes.push(event);
      },
    });
  }
}
