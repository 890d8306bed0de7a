import {
  BulkInviteProgressed,
  ClientCreated,
  createEvent,
  EmailFailed,
  EmailSent,
  FirmRegistered,
  InvitationEmailRequested,
  InvitationExpired,
  InvitationIssued,
  InvitationReissued,
  InvitationReminded,
  InvitationRequested,
  PortalAccessGranted,
  Topics,
  type EventContract,
  type EventEnvelope,
  type PayloadOf,
} from '@portico/contracts';
import { assertTestDatabase, EventTap, freePort, ServiceProcess, testDatabaseName, testEndpoints, TestTokenIssuer, waitFor } from '@portico/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';

// The invitation lifecycle through the built service on the real local Kafka and MongoDB-wire
// server: resend, expiry, self-serve re-issue, reminders, scheduled sends and bulk progress. A
// "day" lasts DAY_MS here (INVITATION_DAY_MS), so expiry and reminder schedules play out in seconds.

type EmailRequested = PayloadOf<typeof InvitationEmailRequested>;
type Reissued = PayloadOf<typeof InvitationReissued>;
type Reminded = PayloadOf<typeof InvitationReminded>;
type Progressed = PayloadOf<typeof BulkInviteProgressed>;
type About = { invitationId: string };

const DAY_MS = 5000;
const PORTAL_BASE_URL = 'https://portal.lifecycle-test.example';
const REISSUE_PER_IP_PER_MINUTE = 15;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const tokenOf = (email: EmailRequested) => email.acceptUrl.slice(`${PORTAL_BASE_URL}/api/identity/invitations/`.length);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('invitation lifecycle (built main.js, real Kafka and MongoDB)', () => {
  const endpoints = testEndpoints();
  const tokens = new TestTokenIssuer();
  const database = testDatabaseName('invitations-lifecycle');
  const kafka = new Kafka({ clientId: 'invitations-lifecycle-int-spec', brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  // One firm per scenario, so their settings do not meet; fresh ids every run (shared topics).
  const firms = { resend: uuidv7(), expiry: uuidv7(), reminders: uuidv7(), scheduled: uuidv7(), other: uuidv7() };
  const clients = { resend: uuidv7(), expiry: uuidv7(), reminders: uuidv7(), scheduled: uuidv7(), bulk: uuidv7(), other: uuidv7() };
  const ourFirms = new Set(Object.values(firms));
  const tap = new EventTap(kafka, [Topics.invitationsInvitation.name, Topics.invitationsEmail.name], (event) => ourFirms.has(event.firmId));
  const staff: Record<keyof typeof firms, string> = { resend: '', expiry: '', reminders: '', scheduled: '', other: '' };

  let service: ServiceProcess;
  let producer: Producer;
  let db: Connection;

  const produce = async <P>(contract: EventContract<string, P>, payload: P, firmId: string): Promise<EventEnvelope<P>> => {
    const event = createEvent(contract, payload, { correlationId: randomUUID(), firmId });
    await producer.send({ topic: contract.topic, acks: -1, messages: [{ key: event.key, value: JSON.stringify(event) }] });
    return event;
  };

  const api = (token: string | undefined, method: 'get' | 'post' | 'patch', path: string) => {
    const req = request(service.baseUrl)[method](`/api/invitations${path}`);
    return token ? req.set('authorization', `Bearer ${token}`) : req;
  };

  const invite = async (firm: keyof typeof firms, clientId: string, body: object) => {
    const res = await api(staff[firm], 'post', `/clients/${clientId}/invitations`).send(body);
    expect(res.status).toBe(202);
    return res.body.invitations as { invitationId: string; email: string; status: string }[];
  };

  const listed = (firm: keyof typeof firms, clientId: string, invitationId: string, predicate: (item: Record<string, unknown>) => boolean) =>
    waitFor(
      async () => {
        const res = await api(staff[firm], 'get', `/clients/${clientId}/invitations`);
        return (res.body.items as Record<string, unknown>[]).find((item) => item['invitationId'] === invitationId && predicate(item));
      },
      { timeoutMs: 30_000, description: `invitation ${invitationId} listed as expected` },
    );

  const of = <T extends About>(type: string, invitationId: string) => tap.of<T>(type, (event) => event.payload.invitationId === invitationId);
  const emailsOf = (invitationId: string) => of<EmailRequested>(InvitationEmailRequested.type, invitationId);
  const waitEmails = (invitationId: string, count: number) =>
    tap.waitFor<EmailRequested>(InvitationEmailRequested.type, (event) => event.payload.invitationId === invitationId, count);
  const reportSent = (firmId: string, email: EmailRequested) =>
    produce(
      EmailSent,
      {
        deliveryKey: email.deliveryKey,
        about: { kind: 'invitation', id: email.invitationId },
        to: email.to,
        messageId: `<${randomUUID()}@test>`,
        attempts: 1,
        sentAt: new Date().toISOString(),
      },
      firmId,
    );

  beforeAll(async () => {
    await tokens.start();
    for (const firm of Object.keys(firms) as (keyof typeof firms)[])
      staff[firm] = tokens.mint({ userId: uuidv7(), role: 'staff', firmId: firms[firm], email: `owner@${firm}.test` });
    db = await mongoose.createConnection(endpoints.mongoUrl, { dbName: database }).asPromise();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    service = await new ServiceProcess({
      service: 'invitations',
      env: {
        PORT: String(await freePort()),
        MONGO_URL: endpoints.mongoUrl,
        MONGO_DB: database,
        KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: `invitations-${database}`,
        PORTAL_BASE_URL,
        INVITATION_DAY_MS: String(DAY_MS),
        LIFECYCLE_POLL_MS: '250',
        BULK_PROGRESS_INTERVAL_MS: '1000',
        SELF_SERVE_REISSUES_PER_DAY: '2',
        REISSUE_RATE_LIMIT_PER_MINUTE: String(REISSUE_PER_IP_PER_MINUTE),
        ...tokens.env(),
      },
    }).start();
    await tap.start();

    for (const firm of Object.keys(firms) as (keyof typeof firms)[]) {
      await produce(FirmRegistered, { firmId: firms[firm], name: `Firm ${firm}`, ownerUserId: uuidv7(), ownerEmail: `owner@${firm}.test` }, firms[firm]);
    }
    const client = (clientId: string, firmId: string, email: string) =>
      produce(ClientCreated, { clientId, firmId, kind: 'individual', displayName: `Client ${email}`, emails: [email], contacts: [] }, firmId);
    await client(clients.resend, firms.resend, 'rhea@resend.test');
    await client(clients.expiry, firms.expiry, 'eli@expiry.test');
    await client(clients.reminders, firms.reminders, 'mo@reminders.test');
    await client(clients.scheduled, firms.scheduled, 'sam@scheduled.test');
    await client(clients.bulk, firms.scheduled, 'bo@scheduled.test');
    await client(clients.other, firms.other, 'oz@other.test');
    await waitFor(async () => (await db.collection('client_directory').countDocuments({ _id: { $in: Object.values(clients) } as never })) === 6, {
      timeoutMs: 30_000,
      description: 'the clients in the directory',
    });
    await waitFor(
      async () => (await db.collection('firm_directory').countDocuments({ _id: { $in: Object.values(firms) } as never, name: { $exists: true } })) === 5,
      { description: 'the firms in the directory' },
    );
  });

  afterAll(async () => {
    await service?.stop();
    await tap.stop();
    await producer?.disconnect();
    assertTestDatabase(database);
    await db?.dropDatabase();
    await db?.close();
    await tokens.stop();
  });

  describe('resend', () => {
    let invitationId: string;
    let first: EmailRequested;

    beforeAll(async () => {
      expect((await api(staff.resend, 'patch', '/settings').send({ resendsPerDay: 2 })).body).toMatchObject({ resendsPerDay: 2, reminderDays: [3, 7] });
      [{ invitationId }] = await invite('resend', clients.resend, { clientEmails: ['rhea@resend.test'] });
      [{ payload: first }] = await waitEmails(invitationId, 1);
      await reportSent(firms.resend, first);
      await listed('resend', clients.resend, invitationId, (item) => item['status'] === 'sent');
    });

    it('emails a new link replacing the old one (InvitationReissued), and the status follows the new email', async () => {
      const res = await api(staff.resend, 'post', `/invitations/${invitationId}/resend`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ invitationId, status: 'pending', sentAt: null });
      const [{ payload: second }] = (await waitEmails(invitationId, 2)).slice(1);
      expect(second).toMatchObject({ to: 'rhea@resend.test', deliveryKey: `invitation:${invitationId}:2` });
      expect(tokenOf(second)).not.toBe(tokenOf(first));
      const [reissued] = await tap.waitFor<Reissued>(InvitationReissued.type, (event) => event.payload.invitationId === invitationId);
      expect(reissued!.payload).toMatchObject({
        trigger: 'resend',
        tokenHash: sha256(tokenOf(second)),
        expiresAt: second.expiresAt,
        email: 'rhea@resend.test',
      });
      const [issued] = of<PayloadOf<typeof InvitationIssued> & About>(InvitationIssued.type, invitationId);
      expect(reissued!.payload.tokenHash).not.toBe(issued!.payload.tokenHash);

      // The first email's late report changes nothing; the new one's failure shows with its reason.
      await reportSent(firms.resend, first);
      await produce(
        EmailFailed,
        {
          deliveryKey: second.deliveryKey,
          about: { kind: 'invitation', id: invitationId },
          to: second.to,
          reason: '550 5.1.1 mailbox unavailable',
          attempts: 1,
          failedAt: new Date().toISOString(),
        },
        firms.resend,
      );
      const item = await listed('resend', clients.resend, invitationId, (i) => i['status'] === 'delivery_failed');
      expect(item).toMatchObject({ deliveryFailureReason: '550 5.1.1 mailbox unavailable', sentAt: null });
    });

    it("answers 429 with Retry-After over the firm's resendsPerDay, naming the limit", async () => {
      expect((await api(staff.resend, 'post', `/invitations/${invitationId}/resend`)).status).toBe(200);
      const limited = await api(staff.resend, 'post', `/invitations/${invitationId}/resend`);
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ limit: 'resendsPerDay', message: expect.stringContaining('resendsPerDay') });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(DAY_MS / 1000);
      // The refused resend published nothing: the accepted one's email arrives, and no fourth.
      await waitEmails(invitationId, 3);
      await tap.caughtUp();
      expect(emailsOf(invitationId)).toHaveLength(3);
    });

    it("refuses another firm's invitation (404) and an accepted one (409)", async () => {
      expect((await api(staff.other, 'post', `/invitations/${invitationId}/resend`)).status).toBe(404);
      const [{ invitationId: acceptedId }] = await invite('resend', clients.resend, { extraEmails: ['partner@resend.test'] });
      await waitEmails(acceptedId, 1);
      await produce(
        PortalAccessGranted,
        {
          userId: uuidv7(),
          email: 'partner@resend.test',
          firmId: firms.resend,
          clientId: clients.resend,
          contactId: null,
          recipientKind: 'extra',
          invitationId: acceptedId,
          newAccount: true,
        },
        firms.resend,
      );
      await listed('resend', clients.resend, acceptedId, (item) => item['status'] === 'accepted');
      const refused = await api(staff.resend, 'post', `/invitations/${acceptedId}/resend`);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('accepted');
    });
  });

  describe('expiry', () => {
    let invitationId: string;

    beforeAll(async () => {
      await api(staff.expiry, 'patch', '/settings').send({ expiryDays: 1 }).expect(200);
      [{ invitationId }] = await invite('expiry', clients.expiry, { clientEmails: ['eli@expiry.test'] });
    });

    it('lists the invitation as expired and publishes InvitationExpired once', async () => {
      const [expired] = await tap.waitFor<PayloadOf<typeof InvitationExpired> & About>(
        InvitationExpired.type,
        (event) => event.payload.invitationId === invitationId,
      );
      const [issued] = of<PayloadOf<typeof InvitationIssued> & About>(InvitationIssued.type, invitationId);
      expect(expired!.payload).toMatchObject({ email: 'eli@expiry.test', clientId: clients.expiry, expiredAt: issued!.payload.expiresAt });
      await listed('expiry', clients.expiry, invitationId, (item) => item['status'] === 'expired');
      await sleep(1000);
      await tap.caughtUp();
      expect(of(InvitationExpired.type, invitationId)).toHaveLength(1);
    });

    it('resends an expired invitation: open again with a new expiry', async () => {
      const res = await api(staff.expiry, 'post', `/invitations/${invitationId}/resend`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('pending');
      expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
    });
  });

  describe('self-serve re-issue', () => {
    const answer = { message: expect.any(String) };
    let invitationId: string;
    let expiredToken: string;

    beforeAll(async () => {
      [{ invitationId }] = await invite('expiry', clients.expiry, { extraEmails: ['assistant@expiry.test'] });
      const [{ payload }] = await waitEmails(invitationId, 1);
      expiredToken = tokenOf(payload);
      await tap.waitFor(InvitationExpired.type, (event) => (event.payload as About).invitationId === invitationId);
    });

    it('answers 202 with the same body for an unknown token, and sends nothing', async () => {
      const res = await api(undefined, 'post', '/reissue').send({ token: randomBytes(32).toString('base64url') });
      expect(res.status).toBe(202);
      expect(res.body).toEqual(answer);
    });

    it('emails a fresh link to the invited address only, from the expired link', async () => {
      const res = await api(undefined, 'post', '/reissue').send({ token: expiredToken });
      expect(res.status).toBe(202);
      expect(res.body).toEqual(answer);
      const [, { payload: fresh }] = await waitEmails(invitationId, 2);
      expect(fresh).toMatchObject({ to: 'assistant@expiry.test', deliveryKey: `invitation:${invitationId}:2` });
      const [reissued] = await tap.waitFor<Reissued>(InvitationReissued.type, (event) => event.payload.invitationId === invitationId);
      expect(reissued!.payload).toMatchObject({ trigger: 'self-serve', tokenHash: sha256(tokenOf(fresh)) });
      await listed('expiry', clients.expiry, invitationId, (item) => item['status'] === 'pending');

      // The old link was replaced: asking with it again sends nothing.
      expect((await api(undefined, 'post', '/reissue').send({ token: expiredToken })).status).toBe(202);
      // The newest link may ask again, up to the per-invitation limit (2 a day here): then nothing more.
      expect((await api(undefined, 'post', '/reissue').send({ token: tokenOf(fresh) })).status).toBe(202);
      const [, , { payload: third }] = await waitEmails(invitationId, 3);
      const limited = await api(undefined, 'post', '/reissue').send({ token: tokenOf(third) });
      expect(limited.status).toBe(202);
      expect(limited.body).toEqual(answer);
      await sleep(1000);
      await tap.caughtUp();
      expect(emailsOf(invitationId).map((event) => event.payload.to)).toEqual(['assistant@expiry.test', 'assistant@expiry.test', 'assistant@expiry.test']);
    });

    it('names the field of a request without a token (400)', async () => {
      const res = await api(undefined, 'post', '/reissue').send({});
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'token' })]));
    });
  });

  describe('reminders', () => {
    let remindedId: string;
    let acceptedId: string;

    beforeAll(async () => {
      expect((await api(staff.reminders, 'patch', '/settings').send({ reminderDays: [1, 2] })).body.reminderDays).toEqual([1, 2]);
      const refused = await api(staff.reminders, 'patch', '/settings').send({ reminderDays: [2, 1] });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('reminderDays');
      [{ invitationId: remindedId }, { invitationId: acceptedId }] = await invite('reminders', clients.reminders, {
        clientEmails: ['mo@reminders.test'],
        extraEmails: ['pa@reminders.test'],
      });
      await waitEmails(acceptedId, 1);
      await produce(
        PortalAccessGranted,
        {
          userId: uuidv7(),
          email: 'pa@reminders.test',
          firmId: firms.reminders,
          clientId: clients.reminders,
          contactId: null,
          recipientKind: 'extra',
          invitationId: acceptedId,
          newAccount: true,
        },
        firms.reminders,
      );
      await listed('reminders', clients.reminders, acceptedId, (item) => item['status'] === 'accepted');
    });

    it('sends the two reminders of the schedule, each with a link of its own and a delivery key of its own', async () => {
      const reminded = await tap.waitFor<Reminded>(InvitationReminded.type, (event) => event.payload.invitationId === remindedId, 2);
      expect(reminded.map((event) => event.payload.reminder)).toEqual([1, 2]);
      const emails = await waitEmails(remindedId, 3);
      const reminders = emails.filter((event) => event.payload.reminder !== undefined).map((event) => event.payload);
      expect(reminders).toMatchObject([
        { reminder: 1, deliveryKey: `${remindedId}:reminder:1`, to: 'mo@reminders.test' },
        { reminder: 2, deliveryKey: `${remindedId}:reminder:2`, to: 'mo@reminders.test' },
      ]);
      expect(reminders.map((email) => sha256(tokenOf(email)))).toEqual(reminded.map((event) => event.payload.tokenHash));
      // Counted from the first send: one day, then two.
      const item = await listed('reminders', clients.reminders, remindedId, (i) => i['remindersSent'] === 2 && i['status'] === 'pending');
      const after = reminded.map((event) => Date.parse(event.payload.remindedAt) - Date.parse(item['issuedAt'] as string));
      expect(after[0]).toBeGreaterThanOrEqual(DAY_MS);
      expect(after[1]).toBeGreaterThanOrEqual(2 * DAY_MS);
    });

    it('sends none after acceptance, and no third one', async () => {
      await sleep(DAY_MS / 2);
      await tap.caughtUp();
      expect(of(InvitationReminded.type, acceptedId)).toHaveLength(0);
      expect(of(InvitationReminded.type, remindedId)).toHaveLength(2);
    });
  });

  describe('scheduled sends', () => {
    let sendAt: Date;
    let scheduledId: string;
    let revokedId: string;
    let jobId: string;

    beforeAll(async () => {
      sendAt = new Date(Date.now() + 4000);
      [{ invitationId: scheduledId }, { invitationId: revokedId }] = await invite('scheduled', clients.scheduled, {
        clientEmails: ['sam@scheduled.test'],
        extraEmails: ['later@scheduled.test'],
        sendAt: sendAt.toISOString(),
      });
      const bulk = await api(staff.scheduled, 'post', '/bulk').send({ clientIds: [clients.bulk], sendAt: sendAt.toISOString() });
      expect(bulk.status).toBe(202);
      jobId = bulk.body.jobId;
    });

    it('refuses a sendAt in the past or beyond 90 days, naming the field and rule', async () => {
      const past = await api(staff.scheduled, 'post', `/clients/${clients.scheduled}/invitations`).send({
        clientEmails: ['sam@scheduled.test'],
        sendAt: '2020-01-01T00:00:00Z',
      });
      expect(past.status).toBe(400);
      expect(past.body.errors).toEqual([expect.objectContaining({ field: 'sendAt', rule: 'future' })]);
      const far = await api(staff.scheduled, 'post', '/bulk').send({ clientIds: [clients.bulk], sendAt: new Date(Date.now() + 91 * 86_400_000).toISOString() });
      expect(far.status).toBe(400);
      expect(far.body.errors).toEqual([expect.objectContaining({ field: 'sendAt', rule: 'maxDaysAhead' })]);
    });

    it('reads scheduled until sendAt, emails nothing before it, and sends nothing for one revoked meanwhile', async () => {
      const item = await listed('scheduled', clients.scheduled, scheduledId, (i) => i['status'] === 'scheduled');
      expect(item['sendAt']).toBe(sendAt.toISOString());
      expect((await api(staff.scheduled, 'get', `/bulk/${jobId}`)).body).toMatchObject({ status: 'scheduled', sendAt: sendAt.toISOString() });
      const revoked = await api(staff.scheduled, 'post', `/invitations/${revokedId}/revoke`);
      expect(revoked.status).toBe(200);
      expect(revoked.body.status).toBe('revoked');

      await tap.caughtUp();
      expect(emailsOf(scheduledId)).toHaveLength(0);
      expect(tap.of<EmailRequested>(InvitationEmailRequested.type).filter((event) => event.firmId === firms.scheduled)).toHaveLength(0);

      const [{ payload: email, occurredAt }] = await waitEmails(scheduledId, 1);
      expect(Date.parse(occurredAt)).toBeGreaterThanOrEqual(sendAt.getTime());
      expect(email.to).toBe('sam@scheduled.test');
      await listed('scheduled', clients.scheduled, scheduledId, (i) => i['status'] === 'pending');
      await sleep(1000);
      await tap.caughtUp();
      expect(emailsOf(revokedId)).toHaveLength(0);
    });

    it('releases the scheduled bulk job at sendAt and reports its progress (BulkInviteProgressed) until settled', async () => {
      const [request] = await tap.waitFor<PayloadOf<typeof InvitationRequested>>(InvitationRequested.type, (event) => event.payload.jobId === jobId);
      expect(Date.parse(request!.occurredAt)).toBeGreaterThanOrEqual(sendAt.getTime());
      const [{ payload: email }] = await waitEmails(request!.payload.invitationId, 1);
      await reportSent(firms.scheduled, email);
      const progress = await waitFor(
        () => {
          const events = tap.of<Progressed>(BulkInviteProgressed.type, (event) => event.payload.jobId === jobId);
          return events.some((event) => event.payload.counts.sent === 1) ? events : undefined;
        },
        { timeoutMs: 30_000, description: 'the settled progress of the job' },
      );
      expect(progress.at(-1)!.payload.counts).toEqual({ total: 1, queued: 0, sent: 1, deliveryFailed: 0, skipped: 0, cancelled: 0 });
      // Throttled: at most one per BULK_PROGRESS_INTERVAL_MS (1 s here), none after the settled one.
      const times = progress.map((event) => Date.parse(event.occurredAt));
      times.slice(1).forEach((time, i) => expect(time - times[i]!).toBeGreaterThanOrEqual(900));
      await sleep(1500);
      await tap.caughtUp();
      expect(tap.of(BulkInviteProgressed.type, (event) => (event.payload as Progressed).jobId === jobId)).toHaveLength(progress.length);
    });
  });

  it(`limits self-serve requests per address (${REISSUE_PER_IP_PER_MINUTE} a minute here) with 429 and Retry-After`, async () => {
    let res: request.Response | undefined;
    for (let i = 0; i <= REISSUE_PER_IP_PER_MINUTE && res?.status !== 429; i++)
      res = await api(undefined, 'post', '/reissue').send({ token: randomBytes(32).toString('base64url') });
    expect(res!.status).toBe(429);
    expect(Number(res!.headers['retry-after'])).toBeGreaterThan(0);
  });
});
