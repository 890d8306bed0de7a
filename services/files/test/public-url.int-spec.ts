import { ClientCreated, createEvent, Topics } from '@portico/contracts';
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
import { Kafka, logLevel } from 'kafkajs';
import { Client as S3Client } from 'minio';
import mongoose, { type Connection } from 'mongoose';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';

// Production puts S3 behind a public name for browsers (S3_PUBLIC_URL) while the service talks
// to it inside the cluster, and mounts the S3 secret as a file (S3_SECRET_KEY_FILE). Here the
// service talks to the local S3 at its own address and hands out URLs under another host name
// of the same server; the secret reaches it only through the file.

const MiB = 1024 * 1024;
const BUCKET = `portico-files-public-${randomBytes(3).toString('hex')}`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('files service behind a public S3 URL, with its S3 secret from a file (built main.js, real S3)', () => {
  const endpoints = testEndpoints();
  const internalHost = endpoints.s3.endPoint;
  // The same server under another name: what the browser sees differs from what the service uses.
  const publicHost = internalHost === 'localhost' ? '127.0.0.1' : 'localhost';
  const publicUrl = `http://${publicHost}:${endpoints.s3.port}`;
  const tokens = new TestTokenIssuer();
  const kafka = new Kafka({ clientId: 'files-public-url-int-spec', brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  const s3 = new S3Client({ ...endpoints.s3, pathStyle: true });
  const database = testDatabaseName('files_public');
  const secretDir = mkdtempSync(join(tmpdir(), 'files-secret-'));
  const firmId = uuidv7();
  const clientId = uuidv7();
  let service: ServiceProcess;
  let db: Connection;
  let staff: string;
  let jane: string;

  const api = (token: string, method: 'get' | 'post', path: string, body?: object) => {
    const req = request(service.baseUrl)[method](`/api/files${path}`).set('authorization', `Bearer ${token}`);
    return body ? req.send(body) : req;
  };
  const put = async (url: string, bytes: Uint8Array) => {
    const response = await fetch(url, { method: 'PUT', body: bytes });
    expect(response.status).toBe(200);
    return response.headers.get('etag')!;
  };
  const expectPublic = (url: string) => {
    const parsed = new URL(url);
    expect(parsed.origin).toBe(publicUrl);
    expect(parsed.pathname.startsWith(`/${BUCKET}/firms/${firmId}/clients/${clientId}/`)).toBe(true);
  };

  beforeAll(async () => {
    await tokens.start();
    staff = tokens.mint({ userId: uuidv7(), role: 'staff', firmId, email: 'owner@public.test' });
    jane = tokens.mint({ userId: uuidv7(), role: 'client', firmId, clientId, contactId: null, email: 'jane@public.test' });
    const secretFile = join(secretDir, 's3-secret-key');
    // As Kubernetes mounts a secret: the value and a trailing newline.
    writeFileSync(secretFile, `${endpoints.s3.secretKey}\n`, { mode: 0o600 });
    db = await mongoose.createConnection(endpoints.mongoUrl, { dbName: database }).asPromise();
    const groupId = `files-${database}`;
    await startConsumerGroupAtEnd(endpoints.kafkaBrokers, groupId, [Topics.clientsClient.name, Topics.tasksTodo.name]);
    service = await new ServiceProcess({
      service: 'files',
      env: {
        PORT: String(await freePort()),
        MONGO_URL: endpoints.mongoUrl,
        MONGO_DB: database,
        KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: groupId,
        S3_ENDPOINT: internalHost,
        S3_PORT: String(endpoints.s3.port),
        S3_PUBLIC_URL: publicUrl,
        S3_ACCESS_KEY: endpoints.s3.accessKey,
        S3_SECRET_KEY_FILE: secretFile,
        S3_BUCKET: BUCKET,
        FILES_MULTIPART_THRESHOLD_BYTES: String(5 * MiB),
        ...tokens.env(),
      },
    }).start();

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const event = createEvent(
      ClientCreated,
      { clientId, firmId, kind: 'individual', displayName: 'Jane Doe', emails: [], contacts: [] },
      { firmId, correlationId: randomUUID() },
    );
    await producer.send({ topic: ClientCreated.topic, acks: -1, messages: [{ key: event.key, value: JSON.stringify(event) }] });
    await producer.disconnect();
    await waitFor(async () => (await db.collection('client_directory').countDocuments({ _id: clientId as never })) === 1, {
      timeoutMs: 30_000,
      description: 'the client to be known',
    });
  });

  afterAll(async () => {
    await service?.stop();
    assertTestDatabase(database);
    await db?.dropDatabase();
    await db?.close();
    await tokens.stop();
    rmSync(secretDir, { recursive: true, force: true });
    const keys = await new Promise<string[]>((resolve, reject) => {
      const names: string[] = [];
      s3.listObjectsV2(BUCKET, '', true)
        .on('data', (item) => item.name && names.push(item.name))
        .on('error', reject)
        .on('end', () => resolve(names));
    });
    if (keys.length) await s3.removeObjects(BUCKET, keys);
    if (await s3.bucketExists(BUCKET)) await s3.removeBucket(BUCKET);
  });

  it('hands out upload and download URLs on the public host, and the upload through them completes', async () => {
    const bytes = randomBytes(100_000);
    const requested = await api(jane, 'post', '/portal/uploads', { name: 'w2.pdf', sizeBytes: bytes.length, contentType: 'application/pdf' }).expect(201);
    const { fileId, upload } = requested.body as { fileId: string; upload: { kind: string; url: string } };
    expect(upload.kind).toBe('single');
    expectPublic(upload.url);
    await put(upload.url, bytes);
    // Completing reads the object's size from S3 at the internal address, with the secret from the file.
    const completed = await api(jane, 'post', `/portal/uploads/${fileId}/complete`, {}).expect(200);
    expect(completed.body).toMatchObject({ fileId, status: 'available', sizeBytes: bytes.length });

    const { url } = (await api(jane, 'get', `/portal/files/${fileId}/download`).expect(200)).body as { url: string };
    expectPublic(url);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(bytes));
  });

  it('hands out part URLs on the public host and assembles the parts uploaded through them', async () => {
    const bytes = randomBytes(6 * MiB);
    const requested = await api(staff, 'post', `/clients/${clientId}/uploads`, {
      name: 'ledger.xlsx',
      sizeBytes: bytes.length,
      contentType: 'application/vnd.ms-excel',
    }).expect(201);
    const { fileId, upload } = requested.body as { fileId: string; upload: { kind: string; partSize: number; parts: { partNumber: number; url: string }[] } };
    expect(upload.kind).toBe('multipart');
    expect(upload.parts).toHaveLength(2);
    const parts = [];
    for (const { partNumber, url } of upload.parts) {
      expectPublic(url);
      parts.push({ partNumber, etag: await put(url, bytes.subarray((partNumber - 1) * upload.partSize, partNumber * upload.partSize)) });
    }
    const completed = await api(staff, 'post', `/uploads/${fileId}/complete`, { parts }).expect(200);
    expect(completed.body).toMatchObject({ status: 'available', sizeBytes: bytes.length });
    expect((await s3.statObject(BUCKET, `firms/${firmId}/clients/${clientId}/${fileId}`)).size).toBe(bytes.length);
  });
});
