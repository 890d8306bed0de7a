import {
  ClientCreated,
  ClientUpdated,
  createEvent,
  EmailFailed,
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
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';

// The invitations service as production runs it (built main.js, own process), against the real
// local Kafka and MongoDB-wire server. The directory is seeded with the events other services
// publish (FirmRegistered, ClientCreated), and the events that come back from notifications
// and identity (EmailSent, EmailFailed, PortalAccessGranted) are produced the same way.

type Issued = PayloadOf<typeof InvitationIssued>;
type EmailRequested = PayloadOf<typeof InvitationEmailRequested>;
type Requested = PayloadOf<typeof InvitationRequested>;

interface RequestedEntry {
  invitationId: string;
  clientId: string;
  email: string;
  recipientKind: 'client' | 'contact' | 'extra';
  contactId: string | null;
  status: string;
  existing: boolean;
}

interface ListedInvitation {
  invitationId: string;
  email: string;
  recipientKind: string;
  contactId: string | null;
  recipientName: string | null;
  status: string;
  deliveryFailureReason: string | null;
  expiresAt: string;
  sentAt: string | null;
  acceptedAt: string | null;
  revokedAt: string | null;
}

const PORTAL_BASE_URL = 'https://portal.invitations-test.example';
const DAY_MS = 24 * 60 * 60 * 1000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const tokenOf = (acceptUrl: string) => acceptUrl.slice(`${PORTAL_BASE_URL}/api/identity/invitations/`.length);

describe('invitations service (built main.js, real Kafka and MongoDB)', () => {
  const endpoints = testEndpoints();
  const tokens = new TestTokenIssuer();
  const database = testDatabaseName('invitations');
  const groupId = `invitations-${database}`;
  const kafka = new Kafka({ clientId: 'invitations-int-spec', brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  // Fresh ids every run: the topics are shared with other runs and the dev stack.
  const firmA = uuidv7();
  const firmB = uuidv7();
  const unregisteredFirm = uuidv7();
  const clientA = uuidv7();
  const clientB = uuidv7();
  const clientOfUnregisteredFirm = uuidv7();
  const ourFirms = new Set([firmA, firmB, unregisteredFirm]);
  const tap = new EventTap(kafka, [Topics.invitationsInvitation.name, Topics.invitationsEmail.name], (event) => ourFirms.has(event.firmId));

  let service: ServiceProcess;
  let env: Record<string, string>;
  let producer: Producer;
  let db: Connection;
  let staffA: string;
  let staffB: string;

  const produce = async <P>(contract: EventContract<string, P>, payload: P, origin: { firmId: string; causationId?: string }): Promise<EventEnvelope<P>> => {
    const event = createEvent(contract, payload, { correlationId: randomUUID(), ...origin });
    await producer.send({ topic: contract.topic, acks: -1, messages: [{ key: event.key, value: JSON.stringify(event) }] });
    return event;
  };

  /** The service has handled `event` (the transport records an event once its handler succeeded). */
  const handled = (event: EventEnvelope) =>
    waitFor(async () => (await db.collection('processed_events').countDocuments({ _id: `${groupId}:${event.id}` as never })) === 1, {
      timeoutMs: 30_000,
      description: `${event.type} ${event.id} to be handled`,
    });

  /** Every event written to an outbox has been published. */
  const outboxesDrained = () =>
    waitFor(
      async () =>
        (await db.collection('invitations').countDocuments({ outboxPending: true })) +
          (await db.collection('invitation_slots').countDocuments({ outboxPending: true })) ===
        0,
      {
        description: 'the outboxes to be drained',
      },
    );

  const api = (token: string | undefined, method: 'get' | 'post' | 'patch', path: string, body?: object) => {
    const req = request(service.baseUrl)[method](`/api/invitations${path}`);
    if (token) req.set('authorization', `Bearer ${token}`);
    return body ? req.send(body) : req;
  };

  const invite = (token: string, clientId: string, body: object) => api(token, 'post', `/clients/${clientId}/invitations`, body);

  const list = async (token: string, clientId: string): Promise<ListedInvitation[]> => {
    const res = await api(token, 'get', `/clients/${clientId}/invitations`);
    expect(res.status).toBe(200);
    return res.body.items;
  };

  const listed = (clientId: string, invitationId: string, predicate: (invitation: ListedInvitation) => boolean = () => true) =>
    waitFor(async () => (await list(staffA, clientId)).find((invitation) => invitation.invitationId === invitationId && predicate(invitation)), {
      timeoutMs: 30_000,
      description: `invitation ${invitationId} in the list`,
    });

  const issuedFor = async (invitationId: string) =>
    (await tap.waitFor<Issued>(InvitationIssued.type, (event) => event.payload.invitationId === invitationId))[0]!;
  const emailFor = async (invitationId: string) =>
    (await tap.waitFor<EmailRequested>(InvitationEmailRequested.type, (event) => event.payload.invitationId === invitationId))[0]!;

  beforeAll(async () => {
    await tokens.start();
    staffA = tokens.mint({ userId: uuidv7(), role: 'staff', firmId: firmA, email: 'owner@harbor.test' });
    staffB = tokens.mint({ userId: uuidv7(), role: 'staff', firmId: firmB, email: 'owner@other.test' });
    db = await mongoose.createConnection(endpoints.mongoUrl, { dbName: database }).asPromise();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    env = {
      PORT: String(await freePort()),
      MONGO_URL: endpoints.mongoUrl,
      MONGO_DB: database,
      KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
      KAFKA_GROUP_ID: groupId,
      PORTAL_BASE_URL,
      ...tokens.env(),
    };
    service = await new ServiceProcess({ service: 'invitations', env }).start();
    await tap.start();

    await produce(FirmRegistered, { firmId: firmA, name: 'Harbor & Co CPAs', ownerUserId: uuidv7(), ownerEmail: 'owner@harbor.test' }, { firmId: firmA });
    await produce(FirmRegistered, { firmId: firmB, name: 'Other Firm LLP', ownerUserId: uuidv7(), ownerEmail: 'owner@other.test' }, { firmId: firmB });
    await produce(
      ClientCreated,
      {
        clientId: clientA,
        firmId: firmA,
        kind: 'individual',
        displayName: 'Jane Doe',
        emails: ['jane@example.test'],
        contacts: [
          { contactId: 'spouse', name: 'John Doe', relationship: 'spouse', email: 'john@example.test', active: false, billable: false },
          { contactId: 'child', name: 'Kid Doe', relationship: 'child', email: null, active: true, billable: false },
        ],
      },
      { firmId: firmA },
    );
    await produce(
      ClientCreated,
      { clientId: clientB, firmId: firmB, kind: 'business', displayName: 'Other Co', emails: ['boss@other.test'], contacts: [] },
      { firmId: firmB },
    );
    await produce(
      ClientCreated,
      { clientId: clientOfUnregisteredFirm, firmId: unregisteredFirm, kind: 'business', displayName: 'Early Co', emails: ['early@example.test'], contacts: [] },
      { firmId: unregisteredFirm },
    );
    await waitFor(
      async () => (await db.collection('client_directory').countDocuments({ _id: { $in: [clientA, clientB, clientOfUnregisteredFirm] } as never })) === 3,
      {
        timeoutMs: 30_000,
        description: 'the clients in the directory',
      },
    );
    await waitFor(
      async () => (await db.collection('firm_directory').countDocuments({ _id: { $in: [firmA, firmB] } as never, name: { $exists: true } })) === 2,
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

  describe('directory', () => {
    it('keeps the contacts of ClientCreated and replaces them on ClientUpdated', async () => {
      const clientId = uuidv7();
      const base = { clientId, firmId: firmA, kind: 'individual' as const, displayName: 'Sam Contacts', emails: [] };
      await produce(
        ClientCreated,
        { ...base, contacts: [{ contactId: 'partner', name: 'Pat', relationship: 'partner', email: null, active: true, billable: true }] },
        { firmId: firmA },
      );
      const updated = await produce(
        ClientUpdated,
        { ...base, contacts: [{ contactId: 'partner', name: 'Pat', relationship: 'partner', email: 'pat@example.test', active: false, billable: false }] },
        { firmId: firmA },
      );
      await handled(updated);
      expect(await db.collection('client_directory').findOne({ _id: clientId as never })).toMatchObject({
        firmId: firmA,
        displayName: 'Sam Contacts',
        emails: [],
        eventsApplied: 2,
        contacts: [{ contactId: 'partner', name: 'Pat', relationship: 'partner', email: 'pat@example.test', active: false, billable: false }],
      });
      // The contact got an email: now invitable.
      const res = await invite(staffA, clientId, { contactIds: ['partner'] });
      expect(res.status).toBe(202);
      expect(res.body.invitations).toMatchObject([{ email: 'pat@example.test', recipientKind: 'contact', contactId: 'partner' }]);
    });
  });

  describe('inviting a client, a linked contact and an extra address', () => {
    let entries: RequestedEntry[];
    const entry = (kind: RequestedEntry['recipientKind']) => entries.find((e) => e.recipientKind === kind)!;

    beforeAll(async () => {
      const res = await invite(staffA, clientA, {
        clientEmails: ['Jane@Example.test'],
        contactIds: ['spouse'],
        extraEmails: ['bookkeeper@example.test'],
        message: 'Welcome to our client portal!',
      });
      expect(res.status).toBe(202);
      entries = res.body.invitations;
    });

    it('answers 202 with one pending invitation per recipient (the contact is neither active nor billable)', () => {
      expect(entries).toEqual([
        {
          invitationId: expect.any(String),
          clientId: clientA,
          email: 'jane@example.test',
          recipientKind: 'client',
          contactId: null,
          status: 'pending',
          existing: false,
        },
        {
          invitationId: expect.any(String),
          clientId: clientA,
          email: 'john@example.test',
          recipientKind: 'contact',
          contactId: 'spouse',
          status: 'pending',
          existing: false,
        },
        {
          invitationId: expect.any(String),
          clientId: clientA,
          email: 'bookkeeper@example.test',
          recipientKind: 'extra',
          contactId: null,
          status: 'pending',
          existing: false,
        },
      ]);
      expect(new Set(entries.map((e) => e.invitationId)).size).toBe(3);
    });

    it('records one InvitationRequested per recipient, keyed by the invitation', async () => {
      for (const e of entries) {
        const [requested] = await tap.waitFor<Requested>(InvitationRequested.type, (event) => event.payload.invitationId === e.invitationId);
        expect(requested).toMatchObject({
          firmId: firmA,
          key: e.invitationId,
          payload: { clientId: clientA, email: e.email, recipientKind: e.recipientKind, message: 'Welcome to our client portal!' },
        });
      }
    });

    it('issues each invitation (InvitationIssued) and requests its email (InvitationEmailRequested) whose link token hashes to the issued hash', async () => {
      const names = { client: 'Jane Doe', contact: 'John Doe', extra: null };
      for (const e of entries) {
        const issued = await issuedFor(e.invitationId);
        const email = await emailFor(e.invitationId);
        expect(issued).toMatchObject({
          firmId: firmA,
          key: e.invitationId,
          payload: { clientId: clientA, email: e.email, recipientKind: e.recipientKind, contactId: e.contactId },
        });
        expect(email).toMatchObject({
          firmId: firmA,
          payload: {
            to: e.email,
            deliveryKey: `invitation:${e.invitationId}:1`,
            firmName: 'Harbor & Co CPAs',
            recipientName: names[e.recipientKind],
            message: 'Welcome to our client portal!',
            templateId: null,
            expiresAt: issued.payload.expiresAt,
          },
        });
        expect(email.payload.acceptUrl.startsWith(`${PORTAL_BASE_URL}/api/identity/invitations/`)).toBe(true);
        const token = tokenOf(email.payload.acceptUrl);
        expect(Buffer.from(token, 'base64url')).toHaveLength(32);
        expect(sha256(token)).toBe(issued.payload.tokenHash);
        // Default expiry: 30 days after issue.
        expect(Math.abs(Date.parse(issued.payload.expiresAt) - Date.parse(issued.occurredAt) - 30 * DAY_MS)).toBeLessThan(5_000);
      }
    });

    it('lists the three invitations of the client as pending', async () => {
      for (const e of entries) await listed(clientA, e.invitationId);
      const items = (await list(staffA, clientA)).filter((item) => entries.some((e) => e.invitationId === item.invitationId));
      expect(items).toHaveLength(3);
      expect(items.map((item) => [item.recipientKind, item.email, item.status, item.recipientName])).toEqual([
        ['client', 'jane@example.test', 'pending', 'Jane Doe'],
        ['contact', 'john@example.test', 'pending', 'John Doe'],
        ['extra', 'bookkeeper@example.test', 'pending', null],
      ]);
    });

    it('keeps only the token hash: no token anywhere in the database once the emails are requested', async () => {
      await outboxesDrained();
      const tokenList = await Promise.all(entries.map(async (e) => tokenOf((await emailFor(e.invitationId)).payload.acceptUrl)));
      for (const collection of await db.db!.collections()) {
        const dump = JSON.stringify(await collection.find().toArray());
        for (const token of tokenList) expect(dump).not.toContain(token);
      }
      for (const [index, e] of entries.entries()) {
        expect(await db.collection('invitations').findOne({ _id: e.invitationId as never })).toMatchObject({
          tokenHash: sha256(tokenList[index]!),
          status: 'pending',
        });
      }
    });

    it('returns the open invitation when an address is invited again, and requests nothing new', async () => {
      const res = await invite(staffA, clientA, { clientEmails: ['jane@example.test'], extraEmails: ['BOOKKEEPER@example.test'] });
      expect(res.status).toBe(202);
      expect(res.body.invitations).toEqual([
        { ...entry('client'), existing: true },
        { ...entry('extra'), existing: true },
      ]);
      await outboxesDrained();
      await tap.caughtUp();
      expect(tap.of<Requested>(InvitationRequested.type, (event) => event.firmId === firmA && event.payload.email === 'bookkeeper@example.test')).toHaveLength(
        1,
      );
      expect(await db.collection('invitations').countDocuments({ firmId: firmA, email: 'bookkeeper@example.test' })).toBe(1);
    });

    it('mints no second token or email when InvitationRequested is delivered again after its handling was forgotten', async () => {
      const { invitationId } = entry('client');
      const [requested] = tap.of<Requested>(InvitationRequested.type, (event) => event.payload.invitationId === invitationId);
      const before = await db.collection('invitations').findOne({ _id: invitationId as never });
      // The crash window the transport cannot cover: handler done, processed-event record lost.
      await db.collection('processed_events').deleteOne({ _id: `${groupId}:${requested!.id}` as never });
      await producer.send({ topic: Topics.invitationsInvitation.name, acks: -1, messages: [{ key: requested!.key, value: JSON.stringify(requested) }] });
      await handled(requested!);

      await outboxesDrained();
      await tap.caughtUp();
      expect(tap.of<Issued>(InvitationIssued.type, (event) => event.payload.invitationId === invitationId)).toHaveLength(1);
      expect(tap.of<EmailRequested>(InvitationEmailRequested.type, (event) => event.payload.invitationId === invitationId)).toHaveLength(1);
      expect(await db.collection('invitations').countDocuments({ _id: invitationId as never })).toBe(1);
      expect((await db.collection('invitations').findOne({ _id: invitationId as never }))?.tokenHash).toBe(before?.tokenHash);
    });

    it('marks the invitation sent on EmailSent and emits InvitationSent', async () => {
      const { invitationId, email } = entry('client');
      const requestedEmail = await emailFor(invitationId);
      const sentAt = new Date().toISOString();
      await produce(
        EmailSent,
        {
          deliveryKey: requestedEmail.payload.deliveryKey,
          about: { kind: 'invitation', id: invitationId },
          to: email,
          messageId: '<1@smtp.test>',
          attempts: 1,
          sentAt,
        },
        { firmId: firmA, causationId: requestedEmail.id },
      );
      const item = await listed(clientA, invitationId, (i) => i.status === 'sent');
      expect(item.sentAt).toBe(sentAt);
      const [sent] = await tap.waitFor('InvitationSent', (event) => (event.payload as { invitationId: string }).invitationId === invitationId);
      expect(sent).toMatchObject({ firmId: firmA, payload: { invitationId, clientId: clientA, contactId: null, email, sentAt } });
    });

    it('marks the invitation delivery_failed with the reason on EmailFailed and emits InvitationDeliveryFailed', async () => {
      const { invitationId, email } = entry('extra');
      const requestedEmail = await emailFor(invitationId);
      const reason = '550 5.1.1 <bookkeeper@example.test>: Recipient address rejected';
      await produce(
        EmailFailed,
        {
          deliveryKey: requestedEmail.payload.deliveryKey,
          about: { kind: 'invitation', id: invitationId },
          to: email,
          reason,
          attempts: 5,
          failedAt: new Date().toISOString(),
        },
        { firmId: firmA, causationId: requestedEmail.id },
      );
      const item = await listed(clientA, invitationId, (i) => i.status === 'delivery_failed');
      expect(item.deliveryFailureReason).toBe(reason);
      const [failed] = await tap.waitFor('InvitationDeliveryFailed', (event) => (event.payload as { invitationId: string }).invitationId === invitationId);
      expect(failed).toMatchObject({ payload: { invitationId, email, reason } });
    });

    it('marks the invitation accepted on PortalAccessGranted, emits InvitationAccepted, and never moves back', async () => {
      const { invitationId, email } = entry('contact');
      const userId = uuidv7();
      await produce(
        PortalAccessGranted,
        { userId, email, firmId: firmA, clientId: clientA, contactId: 'spouse', recipientKind: 'contact', invitationId, newAccount: true },
        { firmId: firmA },
      );
      const item = await listed(clientA, invitationId, (i) => i.status === 'accepted');
      expect(item.acceptedAt).toEqual(expect.any(String));
      const [accepted] = await tap.waitFor('InvitationAccepted', (event) => (event.payload as { invitationId: string }).invitationId === invitationId);
      expect(accepted).toMatchObject({ payload: { invitationId, clientId: clientA, contactId: 'spouse', email, userId } });

      // The email report arrives late: the invitation stays accepted, no InvitationSent.
      const requestedEmail = await emailFor(invitationId);
      const late = await produce(
        EmailSent,
        {
          deliveryKey: requestedEmail.payload.deliveryKey,
          about: { kind: 'invitation', id: invitationId },
          to: email,
          messageId: '<2@smtp.test>',
          attempts: 1,
          sentAt: new Date().toISOString(),
        },
        { firmId: firmA },
      );
      await handled(late);
      expect((await listed(clientA, invitationId)).status).toBe('accepted');
      await outboxesDrained();
      await tap.caughtUp();
      expect(tap.of('InvitationSent', (event) => (event.payload as { invitationId: string }).invitationId === invitationId)).toEqual([]);

      const revoke = await api(staffA, 'post', `/invitations/${invitationId}/revoke`);
      expect(revoke.status).toBe(409);
      expect(revoke.body.message).toMatch(/is accepted/);
    });

    it('lets the accepted address be invited anew (its slot is free)', async () => {
      const res = await invite(staffA, clientA, { contactIds: ['spouse'] });
      expect(res.status).toBe(202);
      expect(res.body.invitations[0]).toMatchObject({ email: 'john@example.test', existing: false, status: 'pending' });
      expect(res.body.invitations[0].invitationId).not.toBe(entry('contact').invitationId);
    });
  });

  describe('revoking', () => {
    it('revokes an open invitation, emits InvitationRevoked, refuses a second revoke, and frees the address', async () => {
      const [first] = (await invite(staffA, clientA, { extraEmails: ['revoke-me@example.test'] })).body.invitations as RequestedEntry[];
      await issuedFor(first!.invitationId);

      const res = await api(staffA, 'post', `/invitations/${first!.invitationId}/revoke`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ invitationId: first!.invitationId, status: 'revoked', revokedAt: expect.any(String) });
      const [revoked] = await tap.waitFor('InvitationRevoked', (event) => (event.payload as { invitationId: string }).invitationId === first!.invitationId);
      expect(revoked).toMatchObject({ firmId: firmA, payload: { email: 'revoke-me@example.test', clientId: clientA, contactId: null } });
      expect((await listed(clientA, first!.invitationId)).status).toBe('revoked');

      const again = await api(staffA, 'post', `/invitations/${first!.invitationId}/revoke`);
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/is revoked/);

      const reinvited = (await invite(staffA, clientA, { extraEmails: ['revoke-me@example.test'] })).body.invitations[0] as RequestedEntry;
      expect(reinvited).toMatchObject({ existing: false, status: 'pending' });
      expect(reinvited.invitationId).not.toBe(first!.invitationId);
    });

    it("answers 404 for another firm's invitation and an unknown one", async () => {
      const [mine] = (await invite(staffA, clientA, { extraEmails: ['not-yours@example.test'] })).body.invitations as RequestedEntry[];
      await issuedFor(mine!.invitationId);
      expect((await api(staffB, 'post', `/invitations/${mine!.invitationId}/revoke`)).status).toBe(404);
      expect((await api(staffA, 'post', `/invitations/${uuidv7()}/revoke`)).status).toBe(404);
      expect((await listed(clientA, mine!.invitationId)).status).toBe('pending');
    });
  });

  describe('expiry (firm setting)', () => {
    it('reads and changes the expiry setting, refusing values out of range', async () => {
      expect((await api(staffB, 'get', '/settings')).body).toEqual({ expiryDays: 30, resendsPerDay: 3, reminderDays: [3, 7] });
      const bad = await api(staffA, 'patch', '/settings', { expiryDays: 366 });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'expiryDays', rule: 'max', message: expect.any(String) }]);
      expect((await api(staffA, 'patch', '/settings', { expiryDays: 0 })).status).toBe(400);
      const res = await api(staffA, 'patch', '/settings', { expiryDays: 7 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ expiryDays: 7, resendsPerDay: 3, reminderDays: [3, 7] });
      expect((await api(staffA, 'get', '/settings')).body).toEqual({ expiryDays: 7, resendsPerDay: 3, reminderDays: [3, 7] });
      // The other firm keeps its own.
      expect((await api(staffB, 'get', '/settings')).body).toEqual({ expiryDays: 30, resendsPerDay: 3, reminderDays: [3, 7] });
    });

    it('issues with the firm setting; past its expiry an invitation reads expired, cannot be revoked, and frees the address', async () => {
      const [late] = (await invite(staffA, clientA, { extraEmails: ['late@example.test'] })).body.invitations as RequestedEntry[];
      const issued = await issuedFor(late!.invitationId);
      expect(Math.abs(Date.parse(issued.payload.expiresAt) - Date.parse(issued.occurredAt) - 7 * DAY_MS)).toBeLessThan(5_000);
      expect((await listed(clientA, late!.invitationId)).status).toBe('pending');

      await db.collection('invitations').updateOne({ _id: late!.invitationId as never }, { $set: { expiresAt: new Date(Date.now() - 60_000) } });
      expect((await listed(clientA, late!.invitationId)).status).toBe('expired');
      const revoke = await api(staffA, 'post', `/invitations/${late!.invitationId}/revoke`);
      expect(revoke.status).toBe(409);
      expect(revoke.body.message).toMatch(/is expired/);

      const reinvited = (await invite(staffA, clientA, { extraEmails: ['late@example.test'] })).body.invitations[0] as RequestedEntry;
      expect(reinvited).toMatchObject({ existing: false, status: 'pending' });
      expect(reinvited.invitationId).not.toBe(late!.invitationId);
    });
  });

  describe('refusals', () => {
    const slotCount = () => db.collection('invitation_slots').countDocuments({ firmId: firmA });

    it('404 for an unknown client', async () => {
      const res = await invite(staffA, uuidv7(), { extraEmails: ['x@example.test'] });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, message: 'Client not found' });
      expect((await api(staffA, 'get', `/clients/${uuidv7()}/invitations`)).status).toBe(404);
    });

    it("404 (not 403) for another firm's client, to invite or to list", async () => {
      const res = await invite(staffA, clientB, { clientEmails: ['boss@other.test'] });
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('Client not found');
      expect((await api(staffA, 'get', `/clients/${clientB}/invitations`)).status).toBe(404);
      expect(await list(staffB, clientB)).toEqual([]);
    });

    it('404 naming a contact that is not linked to the client', async () => {
      const before = await slotCount();
      const res = await invite(staffA, clientA, { contactIds: ['spouse', 'stranger'] });
      expect(res.status).toBe(404);
      expect(res.body.message).toContain('stranger');
      expect(res.body.errors).toEqual([{ field: 'contactIds.1', rule: 'contactOnClient', message: `Contact stranger is not linked to client ${clientA}` }]);
      expect(await slotCount()).toBe(before);
    });

    it('422 naming a contact without an email, never dropping it silently', async () => {
      const before = await slotCount();
      const res = await invite(staffA, clientA, { contactIds: ['child'], extraEmails: ['would-be-invited@example.test'] });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ statusCode: 422, message: 'Some recipients cannot be invited' });
      expect(res.body.errors).toEqual([{ field: 'contactIds.0', rule: 'contactHasEmail', message: expect.stringContaining('Kid Doe') }]);
      expect(await slotCount()).toBe(before);
    });

    it('422 for a client email that is not on file', async () => {
      const res = await invite(staffA, clientA, { clientEmails: ['jane@elsewhere.test'] });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'clientEmails.0', rule: 'emailOnFile', message: expect.any(String) }]);
    });

    it('400 naming a malformed extra email by its index', async () => {
      const before = await slotCount();
      const res = await invite(staffA, clientA, { extraEmails: ['fine@example.test', 'not-an-email'] });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Validation failed' });
      expect(res.body.errors).toEqual([{ field: 'extraEmails.1', rule: 'isEmail', message: 'extraEmails.1 must be an email' }]);
      expect(await slotCount()).toBe(before);
    });

    it('400 for a request without any recipient', async () => {
      for (const body of [{}, { clientEmails: [], contactIds: [], extraEmails: [], message: 'hello' }]) {
        const res = await invite(staffA, clientA, body);
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([{ field: 'recipients', rule: 'atLeastOneRecipient', message: expect.any(String) }]);
      }
    });

    it('400 for fields the API does not have and for a message over 5000 characters', async () => {
      const res = await invite(staffA, clientA, { includeClient: true, extraEmails: ['x@example.test'], message: 'x'.repeat(5001) });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((error: { field: string; rule: string }) => `${error.field}:${error.rule}`).sort()).toEqual([
        'includeClient:whitelistValidation',
        'message:maxLength',
      ]);
    });

    it('503 while the firm has not reached the firm directory, requesting nothing', async () => {
      const early = tokens.mint({ userId: uuidv7(), role: 'staff', firmId: unregisteredFirm, email: 'owner@early.test' });
      const res = await invite(early, clientOfUnregisteredFirm, { clientEmails: ['early@example.test'] });
      expect(res.status).toBe(503);
      expect(res.body.message).toMatch(/not known to the invitations service yet/);
      expect(await db.collection('invitation_slots').countDocuments({ firmId: unregisteredFirm })).toBe(0);
    });

    it('requires a staff access token', async () => {
      expect((await api(undefined, 'get', `/clients/${clientA}/invitations`)).status).toBe(401);
      const client = tokens.mint({ userId: uuidv7(), role: 'client', firmId: firmA, clientId: uuidv7(), contactId: null, email: 'jane@example.test' });
      expect((await invite(client, clientA, { clientEmails: ['jane@example.test'] })).status).toBe(403);
      expect((await api(client, 'get', '/settings')).status).toBe(403);
    });
  });

  it('serves its OpenAPI document with the invitations endpoints', async () => {
    const doc = (await request(service.baseUrl).get('/api/invitations/docs-json')).body;
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/invitations/bulk',
      '/api/invitations/bulk/preview',
      '/api/invitations/bulk/{jobId}',
      '/api/invitations/bulk/{jobId}/cancel',
      '/api/invitations/bulk/{jobId}/results.csv',
      '/api/invitations/clients/{clientId}/invitations',
      '/api/invitations/invitations/{invitationId}/resend',
      '/api/invitations/invitations/{invitationId}/revoke',
      '/api/invitations/reissue',
      '/api/invitations/settings',
    ]);
    expect(Object.keys(doc.paths['/api/invitations/clients/{clientId}/invitations']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/invitations/settings']).sort()).toEqual(['get', 'patch']);
    expect(doc.paths['/api/invitations/clients/{clientId}/invitations'].post.responses).toHaveProperty('202');
  });

  it('refuses to start when PORTAL_BASE_URL is not an http(s) URL, naming it', async () => {
    const broken = new ServiceProcess({
      service: 'invitations',
      env: { ...env, PORT: String(await freePort()), PORTAL_BASE_URL: 'portal.example' },
      waitReady: false,
    });
    await broken.start();
    expect(await broken.exited()).toBe(1);
    expect(broken.logs).toContain('invitations: Invalid configuration: PORTAL_BASE_URL must be a URL (http, https)');
  });
});
