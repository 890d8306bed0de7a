import { createEvent, InvitationIssued, InvitationReissued, InvitationReminded, Topics, type EventEnvelope } from '@portico/contracts';
import { testEndpoints, waitFor } from '@portico/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { IdentityUnderTest } from './support/identity-service';

// Identity's grant projection following an invitation's links: a resend or self-serve re-issue
// (InvitationReissued) replaces them, a reminder (InvitationReminded) adds one. The invitations
// service is played by this test, producing the events for tokens it made up.
describe('invitation links after resends and reminders (built main.js, real MongoDB and Kafka)', () => {
  const identity = new IdentityUnderTest('identity_links', { INVITATION_RATE_LIMIT_PER_MINUTE: '100' });
  const kafka = new Kafka({ clientId: 'identity-it-links', brokers: testEndpoints().kafkaBrokers, logLevel: logLevel.NOTHING });
  const run = randomBytes(4).toString('hex');
  const password = 'violet kettle on the windowsill';
  let producer: Producer;
  let api: ReturnType<typeof request>;
  let firmId: string;

  const newToken = () => randomBytes(32).toString('base64url');
  const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
  const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600_000).toISOString();
  const produce = async (event: EventEnvelope) => {
    await producer.send({ topic: Topics.invitationsInvitation.name, acks: -1, messages: [{ key: event.key, value: JSON.stringify(event) }] });
    return event;
  };
  const handled = (event: EventEnvelope) =>
    waitFor(
      async () => (await identity.db.collection('processed_events').countDocuments({ _id: `identity-${identity.database}:${event.id}` as never })) === 1,
      {
        timeoutMs: 30_000,
        description: `${event.type} to be applied`,
      },
    );
  const open = (token: string) => api.get(`/invitations/${token}`);

  beforeAll(async () => {
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await Promise.all([identity.start(), producer.connect()]);
    api = request(identity.api);
    const res = await api
      .post('/firms')
      .send({ firmName: 'Cedar & Co', ownerName: 'Owner', email: `owner-${run}@firm.example`, password: 'correct horse battery staple' })
      .expect(201);
    firmId = res.body.firmId;
  });

  afterAll(async () => {
    await producer?.disconnect();
    await identity.stop();
  });

  /** An issued invitation (its first link) as identity learns it. */
  async function issue(email: string, expiresAt = inDays(30)) {
    const token = newToken();
    const recipient = { invitationId: uuidv7(), clientId: uuidv7(), contactId: null, email };
    await handled(
      await produce(
        createEvent(InvitationIssued, { ...recipient, recipientKind: 'client', tokenHash: sha256(token), expiresAt }, { firmId, correlationId: randomUUID() }),
      ),
    );
    return { token, recipient };
  }

  const reissue = async (recipient: Awaited<ReturnType<typeof issue>>['recipient'], expiresAt = inDays(30), trigger: 'resend' | 'self-serve' = 'resend') => {
    const token = newToken();
    await handled(
      await produce(createEvent(InvitationReissued, { ...recipient, tokenHash: sha256(token), expiresAt, trigger }, { firmId, correlationId: randomUUID() })),
    );
    return token;
  };

  const remind = async (recipient: Awaited<ReturnType<typeof issue>>['recipient'], reminder: number) => {
    const token = newToken();
    await handled(
      await produce(
        createEvent(
          InvitationReminded,
          { ...recipient, reminder, tokenHash: sha256(token), remindedAt: new Date().toISOString() },
          { firmId, correlationId: randomUUID() },
        ),
      ),
    );
    return token;
  };

  it('a resend replaces the link: the old one answers like an unknown link (404), the new one works with the new expiry', async () => {
    const { token: first, recipient } = await issue(`rosa-${run}@client.example`);
    await open(first).expect(200);
    const expiresAt = inDays(10);
    const second = await reissue(recipient, expiresAt);
    const old = await open(first).expect(404);
    expect(old.body).toMatchObject({ reason: 'unknown' });
    const fresh = await open(second).expect(200);
    expect(fresh.body).toMatchObject({ firmName: 'Cedar & Co', email: `rosa-${run}@client.example`, expiresAt });
    await api.post(`/invitations/${first}/accept`).send({ password }).expect(404);
  });

  it('renews an expired link: the 410 offers the re-issue, and after it the new link works', async () => {
    const { token: expired, recipient } = await issue(`ezra-${run}@client.example`, new Date(Date.now() - 60_000).toISOString());
    const refused = await open(expired).expect(410);
    expect(refused.body).toMatchObject({ reason: 'expired', canRequestNewLink: true, reissue: { method: 'POST', href: '/api/invitations/reissue' } });
    const renewed = await reissue(recipient, inDays(30), 'self-serve');
    await open(renewed).expect(200);
    await open(expired).expect(404);
  });

  it('a reminder adds a link of its own: both work, and accepting with one uses up the other', async () => {
    const { token: first, recipient } = await issue(`mina-${run}@client.example`);
    const reminder = await remind(recipient, 1);
    await open(first).expect(200);
    await open(reminder).expect(200);
    await api.post(`/invitations/${reminder}/accept`).send({ password }).expect(200);
    expect((await open(first).expect(410)).body).toMatchObject({ reason: 'used' });
  });

  it('a resend after reminders makes every earlier link unknown, reminders included', async () => {
    const { token: first, recipient } = await issue(`noor-${run}@client.example`);
    const reminder = await remind(recipient, 1);
    const fresh = await reissue(recipient);
    await open(first).expect(404);
    await open(reminder).expect(404);
    await open(fresh).expect(200);
  });

  it('leaves an accepted grant alone when a late re-issue arrives', async () => {
    const { token, recipient } = await issue(`otto-${run}@client.example`);
    await api.post(`/invitations/${token}/accept`).send({ password }).expect(200);
    const late = await reissue(recipient);
    await open(late).expect(404);
    expect((await open(token).expect(410)).body).toMatchObject({ reason: 'used' });
  });
});
