import {
  ClientCreated,
  createEvent,
  FileDeleted,
  FileRenamed,
  FileShared,
  FileUploaded,
  TodoCreated,
  Topics,
  type EventContract,
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
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { Client as S3Client } from 'minio';
import mongoose, { type Connection } from 'mongoose';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';

// The files service as production runs it (built main.js, own process) against the real local
// S3 (Versity gateway), Kafka and MongoDB-wire server. Bytes go to S3 through the presigned URLs
// with fetch, as a browser would; the service never sees them.

const MiB = 1024 * 1024;
const BUCKET = `portico-files-test-${randomBytes(3).toString('hex')}`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Ticket {
  fileId: string;
  expiresAt: string;
  upload: { kind: 'single'; url: string } | { kind: 'multipart'; uploadId: string; partSize: number; parts: { partNumber: number; url: string }[] };
}

interface FileJson {
  fileId: string;
  clientId: string;
  name: string;
  sizeBytes: number;
  contentType: string;
  status: string;
  sharedWithClient: boolean;
  uploadedBy: { userId: string; role: string; contactId: string | null };
  todoId: string | null;
  uploadedAt: string | null;
  editableUntil: string | null;
}

/** One built files service with a database and consumer group of its own. */
class FilesProcess {
  readonly database = testDatabaseName('files');
  readonly groupId = `files-${this.database}`;
  service!: ServiceProcess;
  db!: Connection;

  constructor(private readonly extraEnv: Record<string, string>) {}

  async start(tokens: TestTokenIssuer): Promise<this> {
    const endpoints = testEndpoints();
    this.db = await mongoose.createConnection(endpoints.mongoUrl, { dbName: this.database }).asPromise();
    // Only what this file produces from now on: no replay of earlier runs' clients and to-dos.
    await startConsumerGroupAtEnd(endpoints.kafkaBrokers, this.groupId, [Topics.clientsClient.name, Topics.tasksTodo.name]);
    this.service = await new ServiceProcess({
      service: 'files',
      env: {
        PORT: String(await freePort()),
        MONGO_URL: endpoints.mongoUrl,
        MONGO_DB: this.database,
        KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: this.groupId,
        S3_ENDPOINT: endpoints.s3.endPoint,
        S3_PORT: String(endpoints.s3.port),
        S3_ACCESS_KEY: endpoints.s3.accessKey,
        S3_SECRET_KEY: endpoints.s3.secretKey,
        S3_BUCKET: BUCKET,
        ...tokens.env(),
        ...this.extraEnv,
      },
    }).start();
    return this;
  }

  async stop(): Promise<void> {
    await this.service?.stop();
    assertTestDatabase(this.database);
    await this.db?.dropDatabase();
    await this.db?.close();
  }

  api(token: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, body?: object) {
    const req = request(this.service.baseUrl)[method](`/api/files${path}`).set('authorization', `Bearer ${token}`);
    return body ? req.send(body) : req;
  }
}

describe('files service (built main.js, real S3, Kafka and MongoDB)', () => {
  const endpoints = testEndpoints();
  const tokens = new TestTokenIssuer();
  const kafka = new Kafka({ clientId: 'files-int-spec', brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  const s3 = new S3Client({ ...endpoints.s3, pathStyle: true });
  // Fresh ids every run: topics and storage are shared with other runs.
  const firmA = uuidv7();
  const firmB = uuidv7();
  const clientA = uuidv7();
  const clientA2 = uuidv7();
  const clientB = uuidv7();
  const fileRequest = uuidv7();
  const plainTodo = uuidv7();
  const fileRequestOfA2 = uuidv7();
  const tap = new EventTap(kafka, [Topics.filesFile.name], (event) => event.firmId === firmA || event.firmId === firmB);
  // Defaults (64 MiB threshold, 10-minute edit window), and one with 5 MiB parts and a 2 s window.
  const main = new FilesProcess({});
  const quick = new FilesProcess({ FILES_MULTIPART_THRESHOLD_BYTES: String(5 * MiB), FILES_EDIT_WINDOW_SECONDS: '2' });

  let producer: Producer;
  let staffA: string;
  let staffB: string;
  let janeId: string;
  let jane: string;
  let spouse: string;
  let otherClient: string;

  const produce = async <P>(contract: EventContract<string, P>, payload: P, firmId: string) => {
    const event = createEvent(contract, payload, { firmId, correlationId: randomUUID() });
    await producer.send({ topic: contract.topic, acks: -1, messages: [{ key: event.key, value: JSON.stringify(event) }] });
  };

  const putBytes = async (url: string, bytes: Uint8Array) => {
    const response = await fetch(url, { method: 'PUT', body: bytes });
    expect(response.status).toBe(200);
    return response.headers.get('etag')!;
  };

  /** Request, PUT, complete: the file as completed. */
  const uploadFile = async (files: FilesProcess, token: string, path: string, body: object, bytes: Uint8Array): Promise<FileJson> => {
    const requested = await files.api(token, 'post', path, { sizeBytes: bytes.length, contentType: 'application/pdf', ...body });
    expect(requested.status).toBe(201);
    const ticket = requested.body as Ticket;
    if (ticket.upload.kind !== 'single') throw new Error('expected a single upload');
    await putBytes(ticket.upload.url, bytes);
    const completePath = path.startsWith('/portal') ? `/portal/uploads/${ticket.fileId}/complete` : `/uploads/${ticket.fileId}/complete`;
    const completed = await files.api(token, 'post', completePath, {});
    expect(completed.status).toBe(200);
    return completed.body as FileJson;
  };
  const portalUpload = (files: FilesProcess, token: string, name: string, extra: object = {}) =>
    uploadFile(files, token, '/portal/uploads', { name, ...extra }, randomBytes(1000));
  const staffUpload = (files: FilesProcess, name: string, shareWithClient: boolean) =>
    uploadFile(files, staffA, `/clients/${clientA}/uploads`, { name, shareWithClient }, randomBytes(1000));

  const portalList = async (files: FilesProcess, token: string): Promise<string[]> => {
    const res = await files.api(token, 'get', '/portal/files');
    expect(res.status).toBe(200);
    return (res.body.items as FileJson[]).map((file) => file.fileId);
  };

  const download = async (files: FilesProcess, token: string, path: string) => {
    const res = await files.api(token, 'get', path);
    expect(res.status).toBe(200);
    const response = await fetch(res.body.url as string);
    expect(response.status).toBe(200);
    return { response, bytes: new Uint8Array(await response.arrayBuffer()), expiresAt: res.body.expiresAt as string, url: res.body.url as string };
  };

  beforeAll(async () => {
    await tokens.start();
    staffA = tokens.mint({ userId: uuidv7(), role: 'staff', firmId: firmA, email: 'owner@harbor.test' });
    staffB = tokens.mint({ userId: uuidv7(), role: 'staff', firmId: firmB, email: 'owner@other.test' });
    janeId = uuidv7();
    jane = tokens.mint({ userId: janeId, role: 'client', firmId: firmA, clientId: clientA, contactId: null, email: 'jane@example.test' });
    spouse = tokens.mint({ userId: uuidv7(), role: 'client', firmId: firmA, clientId: clientA, contactId: 'spouse', email: 'john@example.test' });
    otherClient = tokens.mint({ userId: uuidv7(), role: 'client', firmId: firmA, clientId: clientA2, contactId: null, email: 'sam@example.test' });
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await Promise.all([main.start(tokens), quick.start(tokens)]);
    await tap.start();

    const client = (clientId: string, firmId: string, displayName: string) => ({
      clientId,
      firmId,
      kind: 'individual' as const,
      displayName,
      emails: [],
      contacts: [],
    });
    await produce(ClientCreated, client(clientA, firmA, 'Jane Doe'), firmA);
    await produce(ClientCreated, client(clientA2, firmA, 'Sam Roe'), firmA);
    await produce(ClientCreated, client(clientB, firmB, 'Other Co'), firmB);
    const todo = (todoId: string, clientId: string, requiresFile: boolean): PayloadOf<typeof TodoCreated> => ({
      todoId,
      clientId,
      title: 'Upload your W-2',
      dueDate: null,
      requiresFile,
      assignee: { kind: 'client' },
      createdBy: uuidv7(),
    });
    await produce(TodoCreated, todo(fileRequest, clientA, true), firmA);
    await produce(TodoCreated, todo(plainTodo, clientA, false), firmA);
    await produce(TodoCreated, todo(fileRequestOfA2, clientA2, true), firmA);
    for (const files of [main, quick]) {
      await waitFor(
        async () =>
          (await files.db.collection('client_directory').countDocuments({ _id: { $in: [clientA, clientA2, clientB] } as never })) === 3 &&
          (await files.db.collection('todos').countDocuments({ _id: { $in: [fileRequest, plainTodo, fileRequestOfA2] } as never })) === 3,
        { timeoutMs: 30_000, description: 'the clients and to-dos to be known' },
      );
    }
  });

  afterAll(async () => {
    await Promise.all([main.stop(), quick.stop()]);
    await tap.stop();
    await producer?.disconnect();
    await tokens.stop();
    // This run's bucket and everything left in it.
    const keys = await new Promise<string[]>((resolve, reject) => {
      const names: string[] = [];
      s3.listObjectsV2(BUCKET, '', true)
        .on('data', (item) => item.name && names.push(item.name))
        .on('error', reject)
        .on('end', () => resolve(names));
    });
    if (keys.length) await s3.removeObjects(BUCKET, keys);
    await s3.removeBucket(BUCKET);
  });

  it('takes 20 MB through one presigned PUT and gives the same bytes back through a presigned GET', async () => {
    const bytes = randomBytes(20_000_000);
    const requested = await main.api(jane, 'post', '/portal/uploads', { name: '2025 W-2 (scan).pdf', sizeBytes: bytes.length, contentType: 'application/pdf' });
    expect(requested.status).toBe(201);
    const ticket = requested.body as Ticket;
    expect(ticket.upload.kind).toBe('single');
    expect(Date.parse(ticket.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    if (ticket.upload.kind !== 'single') return;
    // The key is made of ids only.
    expect(new URL(ticket.upload.url).pathname).toBe(`/${BUCKET}/firms/${firmA}/clients/${clientA}/${ticket.fileId}`);

    // Not listed before it is completed.
    expect(await portalList(main, jane)).not.toContain(ticket.fileId);
    await putBytes(ticket.upload.url, bytes);
    const completed = await main.api(jane, 'post', `/portal/uploads/${ticket.fileId}/complete`, {});
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({
      fileId: ticket.fileId,
      clientId: clientA,
      name: '2025 W-2 (scan).pdf',
      sizeBytes: 20_000_000,
      contentType: 'application/pdf',
      status: 'available',
      sharedWithClient: true,
      uploadedBy: { userId: janeId, role: 'client', contactId: null },
      todoId: null,
    });
    expect(await portalList(main, jane)).toContain(ticket.fileId);

    const { response, bytes: downloaded, expiresAt } = await download(main, jane, `/portal/files/${ticket.fileId}/download`);
    expect(sha256(downloaded)).toBe(sha256(bytes));
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="2025 W-2 (scan).pdf"; filename*=UTF-8''2025%20W-2%20%28scan%29.pdf`);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
  });

  it('takes a larger file in presigned parts (5 MiB) and assembles it on completion', async () => {
    const bytes = randomBytes(12 * MiB);
    const requested = await quick.api(staffA, 'post', `/clients/${clientA}/uploads`, {
      name: 'ledger.xlsx',
      sizeBytes: bytes.length,
      contentType: 'application/vnd.ms-excel',
    });
    expect(requested.status).toBe(201);
    const ticket = requested.body as Ticket;
    if (ticket.upload.kind !== 'multipart') throw new Error(`expected a multipart upload, got ${JSON.stringify(ticket.upload)}`);
    expect(ticket.upload.partSize).toBe(5 * MiB);
    expect(ticket.upload.parts.map((part) => part.partNumber)).toEqual([1, 2, 3]);
    const { partSize } = ticket.upload;
    const parts = await Promise.all(
      ticket.upload.parts.map(async ({ partNumber, url }) => ({
        partNumber,
        etag: await putBytes(url, bytes.subarray((partNumber - 1) * partSize, partNumber * partSize)),
      })),
    );

    const withoutParts = await quick.api(staffA, 'post', `/uploads/${ticket.fileId}/complete`, {});
    expect(withoutParts.status).toBe(422);
    expect(withoutParts.body).toMatchObject({ code: 'parts_required', errors: [{ field: 'parts' }] });
    const completed = await quick.api(staffA, 'post', `/uploads/${ticket.fileId}/complete`, { parts });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'available', sizeBytes: 12 * MiB, sharedWithClient: false, editableUntil: null });

    const { bytes: downloaded } = await download(quick, staffA, `/files/${ticket.fileId}/download`);
    expect(sha256(downloaded)).toBe(sha256(bytes));
  });

  it('refuses a file above 4.999 GB, naming sizeBytes, and sanitizes names and content types', async () => {
    const tooLarge = await main.api(jane, 'post', '/portal/uploads', { name: 'huge.iso', sizeBytes: 4_999_000_001, contentType: 'application/octet-stream' });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body).toMatchObject({ code: 'file_too_large', errors: [{ field: 'sizeBytes' }] });

    const blank = await main.api(jane, 'post', '/portal/uploads', { name: ' ..\u0000. ', sizeBytes: 1, contentType: 'text/plain' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'isNotEmpty' })]);

    const file = await portalUpload(main, jane, '../../etc/\u0000passwd', { contentType: 'text/html\r\nX-Evil: 1' });
    expect(file).toMatchObject({ name: '_._etc_passwd', contentType: 'application/octet-stream' });
  });

  it('refuses to complete an upload whose object is missing or of another size', async () => {
    const requested = await main.api(jane, 'post', '/portal/uploads', { name: 'short.pdf', sizeBytes: 100, contentType: 'application/pdf' });
    const ticket = requested.body as Ticket;
    if (ticket.upload.kind !== 'single') throw new Error('expected a single upload');

    const missing = await main.api(jane, 'post', `/portal/uploads/${ticket.fileId}/complete`, {});
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('object_missing');

    await putBytes(ticket.upload.url, randomBytes(50));
    const mismatch = await main.api(jane, 'post', `/portal/uploads/${ticket.fileId}/complete`, {});
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.code).toBe('size_mismatch');
    // Discarded, and never listed.
    expect((await main.api(jane, 'post', `/portal/uploads/${ticket.fileId}/complete`, {})).body.code).toBe('object_missing');
    expect(await portalList(main, jane)).not.toContain(ticket.fileId);
  });

  it("lets a client rename and delete their own upload within the window, never someone else's", async () => {
    const file = await portalUpload(main, jane, 'draft.pdf');
    expect(Date.parse(file.editableUntil!) - Date.parse(file.uploadedAt!)).toBe(600_000);

    const byContact = await main.api(spouse, 'patch', `/portal/files/${file.fileId}`, { name: 'mine.pdf' });
    expect(byContact.status).toBe(403);
    expect(byContact.body.code).toBe('not_uploader');
    expect((await main.api(spouse, 'delete', `/portal/files/${file.fileId}`)).body.code).toBe('not_uploader');

    const renamed = await main.api(jane, 'patch', `/portal/files/${file.fileId}`, { name: 'final/v2.pdf' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('final_v2.pdf');
    const { response } = await download(main, jane, `/portal/files/${file.fileId}/download`);
    expect(response.headers.get('content-disposition')).toContain('filename="final_v2.pdf"');
    const [renamedEvent] = await tap.waitFor<PayloadOf<typeof FileRenamed>>(FileRenamed.type, (event) => event.payload.fileId === file.fileId);
    expect(renamedEvent.payload).toMatchObject({ name: 'final_v2.pdf', renamedBy: { userId: janeId, role: 'client', contactId: null } });

    expect((await main.api(jane, 'delete', `/portal/files/${file.fileId}`)).status).toBe(204);
    expect(await portalList(main, jane)).not.toContain(file.fileId);
    expect((await main.api(staffA, 'get', `/files/${file.fileId}`)).status).toBe(404);
    const [deleted] = await tap.waitFor<PayloadOf<typeof FileDeleted>>(FileDeleted.type, (event) => event.payload.fileId === file.fileId);
    expect(deleted.payload.deletedBy).toEqual({ userId: janeId, role: 'client', contactId: null });
    await waitFor(
      async () =>
        await s3.statObject(BUCKET, `firms/${firmA}/clients/${clientA}/${file.fileId}`).then(
          () => false,
          () => true,
        ),
      { description: 'the object to be removed' },
    );
  });

  it("makes an upload the firm's record once the edit window has passed", async () => {
    const file = await portalUpload(quick, jane, 'late.pdf');
    // The window is 2 s in this process: wait until it has passed.
    await new Promise((resolve) => setTimeout(resolve, Date.parse(file.editableUntil!) - Date.now() + 100));

    const rename = await quick.api(jane, 'patch', `/portal/files/${file.fileId}`, { name: 'changed.pdf' });
    expect(rename.status).toBe(403);
    expect(rename.body).toMatchObject({ statusCode: 403, code: 'edit_window_closed' });
    expect((await quick.api(jane, 'delete', `/portal/files/${file.fileId}`)).body.code).toBe('edit_window_closed');
    expect(await portalList(quick, jane)).toContain(file.fileId);
    // Staff may still delete it.
    expect((await quick.api(staffA, 'delete', `/files/${file.fileId}`)).status).toBe(204);
    expect(await portalList(quick, jane)).not.toContain(file.fileId);
  });

  it('shows the portal (the client and their linked contacts) exactly what staff share', async () => {
    const file = await staffUpload(main, 'engagement letter.pdf', false);
    expect(await portalList(main, jane)).not.toContain(file.fileId);
    expect((await main.api(jane, 'get', `/portal/files/${file.fileId}/download`)).status).toBe(404);
    const staffList = await main.api(staffA, 'get', `/clients/${clientA}/files`);
    expect((staffList.body.items as FileJson[]).map((item) => item.fileId)).toContain(file.fileId);

    const shared = await main.api(staffA, 'put', `/files/${file.fileId}/sharing`, { shared: true });
    expect(shared.status).toBe(200);
    expect(shared.body.sharedWithClient).toBe(true);
    expect(await portalList(main, jane)).toContain(file.fileId);
    expect(await portalList(main, spouse)).toEqual(await portalList(main, jane));
    expect((await main.api(jane, 'patch', `/portal/files/${file.fileId}`, { name: 'x.pdf' })).body.code).toBe('not_uploader');
    const [event] = await tap.waitFor<PayloadOf<typeof FileShared>>(FileShared.type, (e) => e.payload.fileId === file.fileId && e.payload.shared);
    expect(event.payload).toMatchObject({ clientId: clientA, name: 'engagement letter.pdf' });

    expect((await main.api(staffA, 'put', `/files/${file.fileId}/sharing`, { shared: false })).status).toBe(200);
    expect(await portalList(main, jane)).not.toContain(file.fileId);
    expect(await portalList(main, spouse)).not.toContain(file.fileId);
  });

  it("answers another firm's or another client's file like a missing one", async () => {
    const file = await staffUpload(main, 'private.pdf', true);
    const missing = await main.api(staffA, 'get', `/files/${uuidv7()}`);
    expect(missing.status).toBe(404);

    for (const [token, path] of [
      [staffB, `/files/${file.fileId}`],
      [staffB, `/files/${file.fileId}/download`],
      [otherClient, `/portal/files/${file.fileId}/download`],
    ] as const) {
      const res = await main.api(token, 'get', path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(missing.body);
    }
    expect((await main.api(staffB, 'put', `/files/${file.fileId}/sharing`, { shared: false })).status).toBe(404);
    expect((await main.api(staffB, 'delete', `/files/${file.fileId}`)).status).toBe(404);
    expect((await main.api(otherClient, 'delete', `/portal/files/${file.fileId}`)).status).toBe(404);
    expect(await portalList(main, otherClient)).not.toContain(file.fileId);
    // Another firm's client: not listed, not uploadable to.
    expect((await main.api(staffB, 'get', `/clients/${clientA}/files`)).status).toBe(404);
    expect((await main.api(staffB, 'post', `/clients/${clientA}/uploads`, { name: 'x.pdf', sizeBytes: 1, contentType: 'application/pdf' })).status).toBe(404);
    // Roles: staff routes refuse client tokens, portal routes refuse staff tokens.
    expect((await main.api(jane, 'get', `/clients/${clientA}/files`)).status).toBe(403);
    expect((await main.api(staffA, 'get', '/portal/files')).status).toBe(403);
  });

  it('signs each URL for its own object: editing the key in it gets 403 from S3', async () => {
    const mine = await portalUpload(main, jane, 'mine.pdf');
    const theirs = await uploadFile(main, otherClient, '/portal/uploads', { name: 'theirs.pdf' }, randomBytes(10));
    const { url } = await download(main, jane, `/portal/files/${mine.fileId}/download`);
    const widened = url.replace(`/clients/${clientA}/${mine.fileId}`, `/clients/${clientA2}/${theirs.fileId}`);
    expect(widened).not.toBe(url);
    expect((await fetch(widened)).status).toBe(403);

    const requested = await main.api(jane, 'post', '/portal/uploads', { name: 'overwrite.pdf', sizeBytes: 10, contentType: 'application/pdf' });
    const ticket = requested.body as Ticket;
    if (ticket.upload.kind !== 'single') throw new Error('expected a single upload');
    const overwrite = ticket.upload.url.replace(`/clients/${clientA}/${ticket.fileId}`, `/clients/${clientA2}/${theirs.fileId}`);
    expect((await fetch(overwrite, { method: 'PUT', body: randomBytes(10) })).status).toBe(403);
  });

  it("publishes FileUploaded with the file-request to-do, and refuses a to-do that is not one of the client's file requests", async () => {
    const file = await portalUpload(main, spouse, 'w2.pdf', { todoId: fileRequest });
    expect(file.todoId).toBe(fileRequest);
    const [event] = await tap.waitFor<PayloadOf<typeof FileUploaded>>(FileUploaded.type, (e) => e.payload.fileId === file.fileId);
    expect(event.firmId).toBe(firmA);
    expect(event.payload).toMatchObject({
      clientId: clientA,
      todoId: fileRequest,
      sharedWithClient: true,
      sizeBytes: 1000,
      name: 'w2.pdf',
      uploadedBy: { role: 'client', contactId: 'spouse' },
    });

    for (const todoId of [plainTodo, fileRequestOfA2, uuidv7()]) {
      const res = await main.api(jane, 'post', '/portal/uploads', { name: 'w2.pdf', sizeBytes: 10, contentType: 'application/pdf', todoId });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'todo_not_file_request', errors: [{ field: 'todoId' }] });
    }
  });
});
