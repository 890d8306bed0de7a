import {
  BulkInviteCompleted,
  BulkInviteRequested,
  ClientCreated,
  createEvent,
  EmailSent,
  FirmRegistered,
  InvitationEmailRequested,
  InvitationIssued,
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
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';

// Bulk invitations end to end inside the service: the built main.js against the real local
// Kafka and MongoDB-wire server. Small chunks with a pause between releases make a job last a
// couple of seconds, so it can be watched and cancelled while it runs.

type Requested = PayloadOf<typeof InvitationRequested>;
type EmailRequested = PayloadOf<typeof InvitationEmailRequested>;
type Completed = PayloadOf<typeof BulkInviteCompleted>;

const CHUNK_SIZE = 10;

describe('bulk invitations (built main.js, real Kafka and MongoDB)', () => {
  const endpoints = testEndpoints();
  const tokens = new TestTokenIssuer();
  const database = testDatabaseName('invitations-bulk');
  const groupId = `invitations-${database}`;
  const kafka = new Kafka({ clientId: 'invitations-bulk-int-spec', brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  const firmA = uuidv7();
  const firmB = uuidv7();
  const firmC = uuidv7();
  const ourFirms = new Set([firmA, firmB, firmC]);
  const tap = new EventTap(kafka, [Topics.invitationsInvitation.name, Topics.invitationsEmail.name], (event) => ourFirms.has(event.firmId));

  let service: ServiceProcess;
  let producer: Producer;
  let db: Connection;
  let staffA: string;
  let staffB: string;
  let staffC: string;

  // Firm A: 50 clients. Every 10th has no email; 3 have accepted an invitation (portal);
  // 2 have a pending one; the other 40 are invitable.
  const clientsA = Array.from({ length: 50 }, (_, i) => ({ clientId: uuidv7(), i, email: i % 10 === 0 ? null : `client${i}.${firmA.slice(-8)}@bulk.test` }));
  const withPortal = clientsA.filter(({ i }) => [1, 2, 3].includes(i));
  const invited = clientsA.filter(({ i }) => [4, 5].includes(i));
  const invitable = clientsA.filter((c) => c.email !== null && !withPortal.includes(c) && !invited.includes(c));
  const clientsC = Array.from({ length: 40 }, (_, i) => ({ clientId: uuidv7(), email: `c${i}.${firmC.slice(-8)}@bulk.test` }));

  const produce = async <P>(contract: EventContract<string, P>, payload: P, origin: { firmId: string; causationId?: string }): Promise<EventEnvelope<P>> => {
    const event = createEvent(contract, payload, { correlationId: randomUUID(), ...origin });
    await producer.send({ topic: contract.topic, acks: -1, messages: [{ key: event.key, value: JSON.stringify(event) }] });
    return event;
  };

  const api = (token: string, method: 'get' | 'post', path: string) =>
    request(service.baseUrl)[method](`/api/invitations${path}`).set('authorization', `Bearer ${token}`);

  const requestsOf = (jobId: string) => tap.of<Requested>(InvitationRequested.type, (event) => event.payload.jobId === jobId);
  const emailsOf = (jobId: string) => {
    const ids = new Set(requestsOf(jobId).map((event) => event.payload.invitationId));
    return tap.of<EmailRequested>(InvitationEmailRequested.type, (event) => ids.has(event.payload.invitationId));
  };

  beforeAll(async () => {
    await tokens.start();
    staffA = tokens.mint({ userId: uuidv7(), role: 'staff', firmId: firmA, email: 'owner@a.test' });
    staffB = tokens.mint({ userId: uuidv7(), role: 'staff', firmId: firmB, email: 'owner@b.test' });
    staffC = tokens.mint({ userId: uuidv7(), role: 'staff', firmId: firmC, email: 'owner@c.test' });
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
        KAFKA_GROUP_ID: groupId,
        BULK_CHUNK_SIZE: String(CHUNK_SIZE),
        BULK_RELEASE_INTERVAL_MS: '1500',
        ...tokens.env(),
      },
    }).start();
    await tap.start();

    for (const [firmId, name] of [
      [firmA, 'Bulk A CPAs'],
      [firmB, 'Bulk B LLP'],
      [firmC, 'Bulk C LLP'],
    ] as const) {
      await produce(FirmRegistered, { firmId, name, ownerUserId: uuidv7(), ownerEmail: `owner@${name.split(' ')[1]!.toLowerCase()}.test` }, { firmId });
    }
    for (const { clientId, i, email } of clientsA) {
      await produce(
        ClientCreated,
        { clientId, firmId: firmA, kind: 'individual', displayName: `Client ${String(i).padStart(2, '0')}`, emails: email ? [email] : [], contacts: [] },
        { firmId: firmA },
      );
    }
    for (const [i, { clientId, email }] of clientsC.entries()) {
      await produce(
        ClientCreated,
        { clientId, firmId: firmC, kind: 'business', displayName: `Company ${i}`, emails: [email], contacts: [] },
        { firmId: firmC },
      );
    }
    await waitFor(
      async () => (await db.collection('client_directory').countDocuments({ firmId: { $in: [firmA, firmC] } })) === clientsA.length + clientsC.length,
      { timeoutMs: 30_000, description: 'the clients in the directory' },
    );
    await waitFor(
      async () => (await db.collection('firm_directory').countDocuments({ _id: { $in: [firmA, firmB, firmC] } as never, name: { $exists: true } })) === 3,
      { timeoutMs: 30_000, description: 'the firms in the directory' },
    );

    // Single invitations: 3 accepted (portal), 2 left pending (invited).
    for (const client of [...withPortal, ...invited]) {
      const res = await api(staffA, 'post', `/clients/${client.clientId}/invitations`).send({ clientEmails: [client.email] });
      expect(res.status).toBe(202);
      const invitationId = res.body.invitations[0].invitationId as string;
      await tap.waitFor(InvitationIssued.type, (event) => (event.payload as { invitationId: string }).invitationId === invitationId);
      if (withPortal.includes(client)) {
        await produce(
          PortalAccessGranted,
          {
            userId: uuidv7(),
            email: client.email!,
            firmId: firmA,
            clientId: client.clientId,
            contactId: null,
            recipientKind: 'client',
            invitationId,
            newAccount: true,
          },
          { firmId: firmA },
        );
      }
    }
    await waitFor(async () => (await db.collection('invitations').countDocuments({ firmId: firmA, status: 'accepted' })) === withPortal.length, {
      timeoutMs: 30_000,
      description: 'the accepted invitations',
    });
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

  describe('preview', () => {
    it('counts who will be invited and every skip by reason, exactly', async () => {
      const res = await api(staffA, 'post', '/bulk/preview').send({ filters: {} });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        willInvite: invitable.length,
        skipped: { noEmail: 5, alreadyHasPortal: 3, alreadyInvitedPending: 2, unknownClient: 0, duplicate: 0, badCsvRow: [] },
        sample: invitable.slice(0, 20).map(({ clientId, i, email }) => ({ clientId, displayName: `Client ${String(i).padStart(2, '0')}`, email })),
      });
      expect(invitable).toHaveLength(40);
    });

    it('filters like the client list', async () => {
      const none = await api(staffA, 'post', '/bulk/preview').send({ filters: { portalStatus: 'none', hasEmail: true } });
      expect(none.body).toMatchObject({ willInvite: 40, skipped: { noEmail: 0, alreadyHasPortal: 0, alreadyInvitedPending: 0 } });
      const portal = await api(staffA, 'post', '/bulk/preview').send({ filters: { portalStatus: 'has_portal' } });
      expect(portal.body).toMatchObject({ willInvite: 0, skipped: { alreadyHasPortal: 3 } });
      const search = await api(staffA, 'post', '/bulk/preview').send({ filters: { q: 'client 0' } });
      // Client 00 (no email), 01-03 (portal), 04-05 (pending), 06-09.
      expect(search.body).toMatchObject({ willInvite: 4, skipped: { noEmail: 1, alreadyHasPortal: 3, alreadyInvitedPending: 2 } });
    });

    it('names unknown ids, and bad CSV rows by line number', async () => {
      const ids = await api(staffA, 'post', '/bulk/preview').send({
        clientIds: [invitable[0]!.clientId, 'no-such-client', clientsC[0]!.clientId, invitable[0]!.clientId],
      });
      expect(ids.body).toMatchObject({ willInvite: 1, skipped: { unknownClient: 2, duplicate: 1 } });

      const csv = [
        'clientId,email',
        `${invitable[1]!.clientId},`,
        `,${invitable[2]!.email!.toUpperCase()}`,
        ',not-an-email',
        `${withPortal[0]!.clientId},`,
        ',stranger@nowhere.test',
      ].join('\n');
      const res = await api(staffA, 'post', '/bulk/preview').set('content-type', 'text/csv').send(csv);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        willInvite: 2,
        skipped: { alreadyHasPortal: 1, unknownClient: 1, badCsvRow: [{ line: 4, reason: 'malformed email "not-an-email"' }] },
        sample: [{ clientId: invitable[1]!.clientId }, { clientId: invitable[2]!.clientId, email: invitable[2]!.email }],
      });
    });

    it('refuses a selection naming more than 20,000 ids with 413, and a malformed selection with 400', async () => {
      const ids = Array.from({ length: 20_001 }, () => uuidv7());
      const res = await api(staffA, 'post', '/bulk/preview').send({ clientIds: ids });
      expect(res.status).toBe(413);
      expect(res.body.message).toContain('at most 10000 recipients');
      const both = await api(staffA, 'post', '/bulk/preview').send({ filters: {}, clientIds: ['x'] });
      expect(both.status).toBe(400);
      expect(both.body.errors).toEqual([expect.objectContaining({ field: 'selection', rule: 'exactlyOneSelection' })]);
    });
  });

  describe('a job', () => {
    const key = `bulk-${randomUUID()}`;
    let jobId: string;

    it('is accepted at once (202) and requests exactly the previewed recipients', async () => {
      const started = Date.now();
      const res = await api(staffA, 'post', '/bulk')
        .set('idempotency-key', key)
        .send({ filters: { portalStatus: 'none', hasEmail: true }, message: 'Welcome aboard' });
      const latency = Date.now() - started;
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ jobId: expect.any(String), existing: false, willInvite: 40 });
      expect(latency).toBeLessThan(2000);
      jobId = res.body.jobId;

      // Readable while it runs.
      const early = await api(staffA, 'get', `/bulk/${jobId}`);
      expect(early.status).toBe(200);
      expect(early.body.counts.total).toBe(40);

      await waitFor(() => emailsOf(jobId).length >= 40 || undefined, { timeoutMs: 60_000, description: 'the 40 invitation emails of the job' });
      await tap.caughtUp();
      const emails = emailsOf(jobId);
      expect(emails).toHaveLength(40);
      expect(new Set(emails.map((event) => event.payload.to))).toEqual(new Set(invitable.map((client) => client.email)));
      expect(emails.every((event) => event.payload.message === 'Welcome aboard' && event.payload.firmName === 'Bulk A CPAs')).toBe(true);
      expect(requestsOf(jobId)).toHaveLength(40);
    });

    it('returns the same job for the same Idempotency-Key and sends nothing more', async () => {
      const again = await api(staffA, 'post', '/bulk')
        .set('idempotency-key', key)
        .send({ filters: { portalStatus: 'none', hasEmail: true }, message: 'Welcome aboard' });
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ jobId, existing: true, willInvite: 40 });
      // Another firm's identical key is another job's business: not this one.
      const otherFirm = await api(staffB, 'post', '/bulk').set('idempotency-key', key).send({ filters: {} });
      expect(otherFirm.body.jobId).not.toBe(jobId);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await tap.caughtUp();
      expect(tap.of(BulkInviteRequested.type, (event) => event.firmId === firmA)).toHaveLength(1);
      expect(emailsOf(jobId)).toHaveLength(40);
      expect(await db.collection('bulk_invite_jobs').countDocuments({ firmId: firmA })).toBe(1);
    });

    it('reports progress up to every email sent, completes, and lists each recipient in results.csv', async () => {
      for (const email of emailsOf(jobId)) {
        await produce(
          EmailSent,
          {
            deliveryKey: email.payload.deliveryKey,
            about: { kind: 'invitation', id: email.payload.invitationId },
            to: email.payload.to,
            messageId: `<${email.payload.invitationId}@smtp.test>`,
            attempts: 1,
            sentAt: new Date().toISOString(),
          },
          { firmId: firmA, causationId: email.id },
        );
      }
      const view = await waitFor(
        async () => {
          const res = await api(staffA, 'get', `/bulk/${jobId}`);
          return res.body.counts.sent === 40 ? res.body : undefined;
        },
        { timeoutMs: 30_000, description: 'all 40 sent' },
      );
      expect(view).toMatchObject({
        status: 'completed',
        cancelled: false,
        counts: { total: 40, queued: 0, sent: 40, deliveryFailed: 0, skipped: 0, cancelled: 0 },
      });
      const [completed] = await tap.waitFor<Completed>(BulkInviteCompleted.type, (event) => event.payload.jobId === jobId);
      expect(completed!.payload).toEqual({ jobId, counts: { total: 40, issued: 40, skipped: 0, cancelled: 0 }, cancelled: false });

      const csv = await api(staffA, 'get', `/bulk/${jobId}/results.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = (csv.text as string).trim().split('\r\n');
      expect(lines[0]).toBe('clientId,displayName,email,invitationId,status,reason');
      expect(lines).toHaveLength(41);
      expect(lines.slice(1).every((line) => line.includes(',sent,'))).toBe(true);

      // The invited clients now read "invited": a second bulk of the same selection invites nobody.
      const preview = await api(staffA, 'post', '/bulk/preview').send({ filters: { hasEmail: true } });
      expect(preview.body).toMatchObject({ willInvite: 0, skipped: { alreadyInvitedPending: 42, alreadyHasPortal: 3 } });
    });

    it("is a 404 for another firm's staff", async () => {
      expect((await api(staffB, 'get', `/bulk/${jobId}`)).status).toBe(404);
      expect((await api(staffB, 'get', `/bulk/${jobId}/results.csv`)).status).toBe(404);
      expect((await api(staffB, 'post', `/bulk/${jobId}/cancel`)).status).toBe(404);
    });
  });

  it('cancelled mid-way: what was not issued yet is never requested nor emailed', async () => {
    const res = await api(staffC, 'post', '/bulk').send({ clientIds: clientsC.map((client) => client.clientId) });
    expect(res.status).toBe(202);
    const jobId = res.body.jobId as string;
    // The first invitations are issued; the other chunks follow one every 1.5 s.
    await waitFor(async () => (await db.collection('invitations').countDocuments({ jobId })) > 0, {
      timeoutMs: 30_000,
      intervalMs: 20,
      description: 'the first invitation issued',
    });
    const cancel = await api(staffC, 'post', `/bulk/${jobId}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.cancelled).toBe(true);

    const [completed] = await tap.waitFor<Completed>(BulkInviteCompleted.type, (event) => event.payload.jobId === jobId);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await tap.caughtUp();
    const issued = completed!.payload.counts.issued;
    expect(completed!.payload).toMatchObject({ cancelled: true, counts: { total: 40, skipped: 0, cancelled: 40 - issued } });
    expect(issued).toBeGreaterThanOrEqual(1);
    expect(issued).toBeLessThan(40);
    // Chunks still waiting were never released: their recipients were not even requested.
    const neverReleased = await db.collection('bulk_invite_chunks').countDocuments({ jobId, state: 'cancelled' });
    expect(neverReleased).toBeGreaterThanOrEqual(1);
    expect(requestsOf(jobId)).toHaveLength(40 - neverReleased * CHUNK_SIZE);
    expect(emailsOf(jobId)).toHaveLength(issued);
    const view = await api(staffC, 'get', `/bulk/${jobId}`);
    expect(view.body).toMatchObject({ status: 'completed', cancelled: true, counts: { total: 40, queued: issued, cancelled: 40 - issued } });
  });
});
