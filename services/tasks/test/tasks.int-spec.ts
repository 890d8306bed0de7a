import {
  ClientCreated,
  createEvent,
  FileUploaded,
  TodoCompleted,
  TodoCreated,
  TodoReopened,
  Topics,
  type EventContract,
  type EventEnvelope,
  type PayloadOf,
} from '@portico/contracts';
import {
  assertTestDatabase,
  EventTap,
  freePort,
  ServiceProcess,
  startConsumerGroupAtEnd,
  testDatabaseName,
  testEndpoints,
  TestTokenIssuer,
  waitFor,
} from '@portico/testing';
import { Kafka, logLevel, type Admin, type Producer, type RecordMetadata } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';

// The tasks service as production runs it (built main.js, own process), against the real local
// Kafka and MongoDB-wire server. Its client directory is seeded with ClientCreated events, and
// uploads arrive as the files service would publish them (FileUploaded with a todoId).

interface TodoJson {
  todoId: string;
  clientId: string;
  title: string;
  description: string | null;
  dueDate: string | null;
  requiresFile: boolean;
  assignee: { kind: 'client' } | { kind: 'contact'; contactId: string };
  status: 'open' | 'completed';
  createdAt: string;
  createdBy: string;
  completedAt: string | null;
  completedBy: { userId: string; role: 'staff' | 'client'; contactId: string | null } | null;
  fileId: string | null;
}

type Method = 'get' | 'post';

describe('tasks service (built main.js, real Kafka and MongoDB)', () => {
  const endpoints = testEndpoints();
  const tokens = new TestTokenIssuer();
  const database = testDatabaseName('tasks');
  const groupId = `tasks-${database}`;
  const kafka = new Kafka({ clientId: 'tasks-int-spec', brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  // Fresh ids every run: the topics are shared with other runs and the dev stack.
  const firmA = uuidv7();
  const firmB = uuidv7();
  const clientA = uuidv7();
  const clientA2 = uuidv7();
  const clientB = uuidv7();
  const staffUserA = uuidv7();
  const janeUser = uuidv7();
  const patUser = uuidv7();
  const tap = new EventTap(kafka, [Topics.tasksTodo.name], (event) => event.firmId === firmA || event.firmId === firmB);

  let service: ServiceProcess;
  let producer: Producer;
  let admin: Admin;
  let db: Connection;
  let staffA: string;
  let staffB: string;
  let jane: string;
  let pat: string;
  let otherClient: string;

  const produce = async <P>(contract: EventContract<string, P>, payload: P, firmId: string): Promise<{ event: EventEnvelope<P>; record: RecordMetadata }> => {
    const event = createEvent(contract, payload, { firmId, correlationId: randomUUID() });
    return { event, record: await send(contract.topic, event) };
  };

  const send = async (topic: string, event: EventEnvelope): Promise<RecordMetadata> => {
    const [record] = await producer.send({ topic, acks: -1, messages: [{ key: event.key, value: JSON.stringify(event) }] });
    return record!;
  };

  /** The service's consumer group has committed past `record`: the message was handled (or deliberately skipped). */
  const consumedPast = (record: RecordMetadata) =>
    waitFor(
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [record.topicName] });
        const offset = committed?.partitions.find((p) => p.partition === record.partition)?.offset ?? '-1';
        return BigInt(offset) > BigInt(record.baseOffset!);
      },
      { timeoutMs: 30_000, description: `the service to consume past ${record.topicName}:${record.partition}@${record.baseOffset}` },
    );

  const api = (token: string | undefined, method: Method, path: string, body?: object) => {
    const req = request(service.baseUrl)[method](`/api/tasks${path}`);
    if (token) req.set('authorization', `Bearer ${token}`);
    return body ? req.send(body) : req;
  };

  const create = async (clientId: string, body: object): Promise<TodoJson> => {
    const res = await api(staffA, 'post', `/clients/${clientId}/todos`, body);
    expect(res.status).toBe(201);
    return res.body;
  };

  const staffGet = async (todoId: string): Promise<TodoJson> => {
    const res = await api(staffA, 'get', `/todos/${todoId}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  const portalList = async (token: string, query = ''): Promise<TodoJson[]> => {
    const res = await api(token, 'get', `/portal/todos${query}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };

  const upload = (todo: TodoJson, overrides: Partial<PayloadOf<typeof FileUploaded>> = {}, firmId = firmA) =>
    produce(
      FileUploaded,
      {
        fileId: uuidv7(),
        clientId: todo.clientId,
        name: 'w2-2025.pdf',
        sizeBytes: 48_213,
        contentType: 'application/pdf',
        uploadedBy: { userId: janeUser, role: 'client', contactId: null },
        todoId: todo.todoId,
        sharedWithClient: true,
        uploadedAt: '2026-03-05T12:00:00.000Z',
        ...overrides,
      },
      firmId,
    );

  const completedEvents = (todoId: string) => tap.of<PayloadOf<typeof TodoCompleted>>(TodoCompleted.type, (event) => event.payload.todoId === todoId);

  beforeAll(async () => {
    await tokens.start();
    staffA = tokens.mint({ userId: staffUserA, role: 'staff', firmId: firmA, email: 'owner@harbor.test' });
    staffB = tokens.mint({ userId: uuidv7(), role: 'staff', firmId: firmB, email: 'owner@other.test' });
    jane = tokens.mint({ userId: janeUser, role: 'client', email: 'jane@example.test', firmId: firmA, clientId: clientA, contactId: null });
    pat = tokens.mint({ userId: patUser, role: 'client', email: 'pat@example.test', firmId: firmA, clientId: clientA, contactId: 'pat' });
    otherClient = tokens.mint({ userId: uuidv7(), role: 'client', email: 'sam@example.test', firmId: firmA, clientId: clientA2, contactId: null });
    db = await mongoose.createConnection(endpoints.mongoUrl, { dbName: database }).asPromise();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    admin = kafka.admin();
    await admin.connect();
    // Only what this run produces: the shared broker's earlier clients and uploads are not ours.
    await startConsumerGroupAtEnd(endpoints.kafkaBrokers, groupId, [Topics.clientsClient.name, Topics.filesFile.name]);
    const env = {
      PORT: String(await freePort()),
      MONGO_URL: endpoints.mongoUrl,
      MONGO_DB: database,
      KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
      KAFKA_GROUP_ID: groupId,
      ...tokens.env(),
    };
    service = await new ServiceProcess({ service: 'tasks', env }).start();
    await tap.start();

    const contact = (contactId: string, name: string) => ({ contactId, name, relationship: 'spouse', email: null, active: true, billable: false });
    await produce(
      ClientCreated,
      {
        clientId: clientA,
        firmId: firmA,
        kind: 'individual',
        displayName: 'Jane Doe',
        emails: ['jane@example.test'],
        contacts: [contact('pat', 'Pat Doe'), contact('kid', 'Kid Doe')],
      },
      firmA,
    );
    await produce(ClientCreated, { clientId: clientA2, firmId: firmA, kind: 'business', displayName: 'Sam Co', emails: [], contacts: [] }, firmA);
    await produce(
      ClientCreated,
      { clientId: clientB, firmId: firmB, kind: 'business', displayName: 'Other Co', emails: [], contacts: [contact('other-contact', 'Olga')] },
      firmB,
    );
    await waitFor(async () => (await db.collection('client_directory').countDocuments({ _id: { $in: [clientA, clientA2, clientB] } as never })) === 3, {
      timeoutMs: 30_000,
      description: 'the clients in the directory',
    });
  });

  afterAll(async () => {
    await service?.stop();
    await tap.stop();
    await producer?.disconnect();
    await admin?.disconnect();
    assertTestDatabase(database);
    await db?.dropDatabase();
    await db?.close();
    await tokens.stop();
  });

  describe('staff create to-dos', () => {
    it('creates a to-do for the client (201) and publishes TodoCreated', async () => {
      const todo = await create(clientA, {
        title: '  Sign the engagement letter ',
        description: 'Page 3',
        dueDate: '2026-04-15',
        assignee: { kind: 'client' },
      });
      expect(todo).toEqual({
        todoId: expect.any(String),
        clientId: clientA,
        title: 'Sign the engagement letter',
        description: 'Page 3',
        dueDate: '2026-04-15',
        requiresFile: false,
        assignee: { kind: 'client' },
        status: 'open',
        createdAt: expect.any(String),
        createdBy: staffUserA,
        completedAt: null,
        completedBy: null,
        fileId: null,
      });
      const [created] = await tap.waitFor<PayloadOf<typeof TodoCreated>>(TodoCreated.type, (event) => event.payload.todoId === todo.todoId);
      expect(created).toMatchObject({
        firmId: firmA,
        key: todo.todoId,
        payload: {
          clientId: clientA,
          title: 'Sign the engagement letter',
          dueDate: '2026-04-15',
          requiresFile: false,
          assignee: { kind: 'client' },
          createdBy: staffUserA,
        },
      });
    });

    it('assigns a to-do to a linked contact', async () => {
      const todo = await create(clientA, { title: 'Send your ID', requiresFile: true, assignee: { kind: 'contact', contactId: 'pat' } });
      expect(todo).toMatchObject({ assignee: { kind: 'contact', contactId: 'pat' }, requiresFile: true, description: null, dueDate: null });
    });

    it("answers 404 for another firm's client with the body of an unknown one", async () => {
      const foreign = await api(staffA, 'post', `/clients/${clientB}/todos`, { title: 'T', assignee: { kind: 'client' } });
      const unknown = await api(staffA, 'post', `/clients/${uuidv7()}/todos`, { title: 'T', assignee: { kind: 'client' } });
      expect(foreign.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(foreign.body).toEqual(unknown.body);
    });

    it('answers 422 naming assignee.contactId for a contact of another client', async () => {
      const res = await api(staffA, 'post', `/clients/${clientA}/todos`, { title: 'T', assignee: { kind: 'contact', contactId: 'other-contact' } });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'assignee.contactId', rule: 'isContactOfClient' })]);
    });

    it('answers 400 naming each bad field and its rule', async () => {
      const res = await api(staffA, 'post', `/clients/${clientA}/todos`, {
        title: '',
        dueDate: '2026-02-30',
        requiresFile: 'yes',
        assignee: { kind: 'client', contactId: 'pat' },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map(({ field, rule }: { field: string; rule: string }) => ({ field, rule }))).toEqual(
        expect.arrayContaining([
          { field: 'title', rule: 'isNotEmpty' },
          { field: 'dueDate', rule: 'isCalendarDate' },
          { field: 'requiresFile', rule: 'isBoolean' },
          { field: 'assignee.contactId', rule: 'onlyForContactKind' },
        ]),
      );
      const missing = await api(staffA, 'post', `/clients/${clientA}/todos`, { title: 'T' });
      expect(missing.body.errors).toContainEqual(expect.objectContaining({ field: 'assignee', rule: 'isDefined' }));
    });

    it('refuses clients on staff routes, and callers without a token', async () => {
      expect((await api(jane, 'post', `/clients/${clientA}/todos`, { title: 'T', assignee: { kind: 'client' } })).status).toBe(403);
      expect((await api(jane, 'get', `/clients/${clientA}/todos`)).status).toBe(403);
      expect((await api(undefined, 'get', `/clients/${clientA}/todos`)).status).toBe(401);
    });
  });

  describe('lists', () => {
    let forJane: TodoJson;
    let forPat: TodoJson;
    let forKid: TodoJson;
    let forOtherClient: TodoJson;

    beforeAll(async () => {
      forJane = await create(clientA, { title: 'List: for Jane', assignee: { kind: 'client' } });
      forPat = await create(clientA, { title: 'List: for Pat', assignee: { kind: 'contact', contactId: 'pat' } });
      forKid = await create(clientA, { title: 'List: for Kid', assignee: { kind: 'contact', contactId: 'kid' } });
      forOtherClient = await create(clientA2, { title: 'List: for Sam Co', assignee: { kind: 'client' } });
      expect((await api(jane, 'post', `/portal/todos/${forJane.todoId}/complete`)).status).toBe(200);
    });

    it("gives staff all of a client's to-dos newest first, filtered by status", async () => {
      const all = (await api(staffA, 'get', `/clients/${clientA}/todos`)).body.items as TodoJson[];
      const ids = all.map((todo) => todo.todoId);
      expect(ids.slice(0, 3)).toEqual([forKid.todoId, forPat.todoId, forJane.todoId]);
      expect(ids).not.toContain(forOtherClient.todoId);
      const open = (await api(staffA, 'get', `/clients/${clientA}/todos?status=open`)).body.items as TodoJson[];
      const completed = (await api(staffA, 'get', `/clients/${clientA}/todos?status=completed`)).body.items as TodoJson[];
      expect(open.every((todo) => todo.status === 'open')).toBe(true);
      expect(completed.map((todo) => todo.todoId)).toContain(forJane.todoId);
      expect(open.map((todo) => todo.todoId)).not.toContain(forJane.todoId);
      expect(completed.find((todo) => todo.todoId === forJane.todoId)?.completedBy).toEqual({ userId: janeUser, role: 'client', contactId: null });
    });

    it("answers 400 for a bad status, and 404 for another firm's client", async () => {
      const bad = await api(staffA, 'get', `/clients/${clientA}/todos?status=done`);
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'status', rule: 'isIn' })]);
      const foreign = await api(staffB, 'get', `/clients/${clientA}/todos`);
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual((await api(staffB, 'get', `/clients/${uuidv7()}/todos`)).body);
    });

    it('shows the client themself what is assigned to the client, and a linked contact what is assigned to them', async () => {
      const janes = (await portalList(jane)).map((todo) => todo.todoId);
      const pats = (await portalList(pat)).map((todo) => todo.todoId);
      expect(janes).toContain(forJane.todoId);
      expect(janes).not.toContain(forPat.todoId);
      expect(janes).not.toContain(forKid.todoId);
      expect(pats).toContain(forPat.todoId);
      expect(pats).not.toContain(forJane.todoId);
      expect(pats).not.toContain(forKid.todoId);
      expect((await portalList(otherClient)).map((todo) => todo.todoId)).toEqual([forOtherClient.todoId]);
      expect((await portalList(jane, '?status=open')).map((todo) => todo.todoId)).not.toContain(forJane.todoId);
    });

    it("answers 404 for a to-do that is not the caller's, with the body of a missing one", async () => {
      const missing = await api(jane, 'get', `/portal/todos/${uuidv7()}`);
      expect(missing.status).toBe(404);
      for (const [token, todo] of [
        [otherClient, forJane],
        [jane, forPat],
        [pat, forKid],
      ] as const) {
        const res = await api(token, 'get', `/portal/todos/${todo.todoId}`);
        expect(res.status).toBe(404);
        expect(res.body).toEqual(missing.body);
        expect((await api(token, 'post', `/portal/todos/${todo.todoId}/complete`)).status).toBe(404);
      }
      expect((await api(pat, 'get', `/portal/todos/${forPat.todoId}`)).body).toMatchObject({ todoId: forPat.todoId, title: 'List: for Pat' });
      const foreignStaff = await api(staffB, 'get', `/todos/${forJane.todoId}`);
      expect(foreignStaff.status).toBe(404);
      expect(foreignStaff.body).toEqual((await api(staffB, 'get', `/todos/${uuidv7()}`)).body);
    });

    it('refuses staff on portal routes', async () => {
      expect((await api(staffA, 'get', '/portal/todos')).status).toBe(403);
    });
  });

  describe('completing', () => {
    it('completes a to-do by the linked contact it is assigned to, once (TodoCompleted), later calls keep that completion', async () => {
      const todo = await create(clientA, { title: 'Complete: sign', assignee: { kind: 'contact', contactId: 'pat' } });
      const first = await api(pat, 'post', `/portal/todos/${todo.todoId}/complete`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ status: 'completed', completedBy: { userId: patUser, role: 'client', contactId: 'pat' }, fileId: null });
      const again = await api(pat, 'post', `/portal/todos/${todo.todoId}/complete`);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await staffGet(todo.todoId)).toEqual(first.body);

      const [completed] = await tap.waitFor<PayloadOf<typeof TodoCompleted>>(TodoCompleted.type, (event) => event.payload.todoId === todo.todoId);
      expect(completed).toMatchObject({
        firmId: firmA,
        key: todo.todoId,
        payload: { clientId: clientA, completedBy: first.body.completedBy, completedAt: first.body.completedAt, fileId: null },
      });
      await tap.caughtUp();
      expect(completedEvents(todo.todoId)).toHaveLength(1);
    });

    it('refuses to complete a file request by hand: 409 file_required', async () => {
      const todo = await create(clientA, { title: 'Complete: upload', requiresFile: true, assignee: { kind: 'client' } });
      const res = await api(jane, 'post', `/portal/todos/${todo.todoId}/complete`);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'file_required' });
      expect((await staffGet(todo.todoId)).status).toBe('open');
    });

    it('lets staff reopen a completed to-do (TodoReopened); reopening an open one changes nothing', async () => {
      const todo = await create(clientA, { title: 'Complete: reopen', assignee: { kind: 'client' } });
      expect((await api(jane, 'post', `/portal/todos/${todo.todoId}/complete`)).status).toBe(200);
      expect((await api(staffB, 'post', `/todos/${todo.todoId}/reopen`)).status).toBe(404);
      const reopened = await api(staffA, 'post', `/todos/${todo.todoId}/reopen`);
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({ status: 'open', completedAt: null, completedBy: null, fileId: null });
      expect((await api(staffA, 'post', `/todos/${todo.todoId}/reopen`)).body).toEqual(reopened.body);
      const [event] = await tap.waitFor<PayloadOf<typeof TodoReopened>>(TodoReopened.type, (e) => e.payload.todoId === todo.todoId);
      expect(event.payload).toEqual({ todoId: todo.todoId, clientId: clientA, reopenedBy: staffUserA });
      await tap.caughtUp();
      expect(tap.of(TodoReopened.type, (e: EventEnvelope<PayloadOf<typeof TodoReopened>>) => e.payload.todoId === todo.todoId)).toHaveLength(1);
    });
  });

  describe('a file uploaded for a file request', () => {
    it('completes it, by the uploader, with the file (TodoCompleted caused by the upload), once even when redelivered', async () => {
      const todo = await create(clientA, { title: 'Upload: W-2', requiresFile: true, assignee: { kind: 'contact', contactId: 'pat' } });
      const uploadedBy = { userId: patUser, role: 'client' as const, contactId: 'pat' };
      const { event, record } = await upload(todo, { uploadedBy });
      const done = await waitFor(
        async () => {
          const current = await staffGet(todo.todoId);
          return current.status === 'completed' && current;
        },
        { timeoutMs: 30_000, description: 'the file request to be completed' },
      );
      expect(done).toMatchObject({ completedBy: uploadedBy, completedAt: '2026-03-05T12:00:00.000Z', fileId: event.payload.fileId });
      const [completed] = await tap.waitFor<PayloadOf<typeof TodoCompleted>>(TodoCompleted.type, (e) => e.payload.todoId === todo.todoId);
      expect(completed).toMatchObject({
        causationId: event.id,
        correlationId: event.correlationId,
        payload: { fileId: event.payload.fileId, completedBy: uploadedBy },
      });
      await consumedPast(record);

      // Redelivered as is (the transport knows the event id)...
      await consumedPast(await send(Topics.filesFile.name, event));
      // ...and after a reopen, with the record of the first delivery lost (a crash before it was
      // written): the handler's own check keeps the old upload from completing it again.
      expect((await api(staffA, 'post', `/todos/${todo.todoId}/reopen`)).status).toBe(200);
      await db.collection('processed_events').deleteOne({ _id: `${groupId}:${event.id}` as never });
      await consumedPast(await send(Topics.filesFile.name, event));

      await tap.caughtUp();
      expect(completedEvents(todo.todoId)).toHaveLength(1);
      expect(await staffGet(todo.todoId)).toMatchObject({ status: 'open', fileId: null });
    });

    it("ignores an upload naming another firm's or another client's to-do, or a to-do that needs no file", async () => {
      const request = await create(clientA, { title: 'Upload: ignored', requiresFile: true, assignee: { kind: 'client' } });
      const plain = await create(clientA, { title: 'Upload: plain', assignee: { kind: 'client' } });
      const records = [
        (await upload(request, {}, firmB)).record,
        (await upload(request, { clientId: clientA2 })).record,
        (await upload(plain)).record,
        (await upload(request, { todoId: null })).record,
      ];
      for (const record of records) await consumedPast(record);
      expect((await staffGet(request.todoId)).status).toBe('open');
      expect((await staffGet(plain.todoId)).status).toBe('open');
      await tap.caughtUp();
      expect([...completedEvents(request.todoId), ...completedEvents(plain.todoId)]).toEqual([]);
    });
  });
});
