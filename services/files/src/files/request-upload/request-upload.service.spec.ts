import type { ClientDirectory } from '@portico/client-directory';
import type { FilesConfig } from '../../files.env';
import type { TodoDirectory } from '../file-requests/todo-directory';
import type { PortalActor, StaffActor } from '../domain/actor';
import { ClientNotFoundError, FileRuleError } from '../domain/file.errors';
import { FakeObjectStorage } from '../testing/fake-object-storage';
import { InMemoryFileRepository } from '../testing/in-memory-file.repository';
import { RequestUploadService, type UploadRequest } from './request-upload.service';

const MiB = 1024 * 1024;
const staff: StaffActor = { role: 'staff', firmId: 'firm-1', userId: 'staff-1' };
const client: PortalActor = { role: 'client', firmId: 'firm-1', clientId: 'client-1', contactId: 'contact-1', userId: 'user-1' };
const config = { FILES_MAX_BYTES: 4_999_000_000, FILES_MULTIPART_THRESHOLD_BYTES: 64 * MiB, FILES_PUT_URL_TTL_SECONDS: 900 } as FilesConfig;
const request = (changes: Partial<UploadRequest> = {}): UploadRequest => ({
  clientId: 'client-1',
  name: 'w2.pdf',
  sizeBytes: 1000,
  contentType: 'application/pdf',
  sharedWithClient: false,
  todoId: null,
  ...changes,
});

function setUp() {
  const files = new InMemoryFileRepository();
  const storage = new FakeObjectStorage();
  // firm-1 has client-1; client-1 has the file request todo-1 and the plain to-do todo-2.
  const clients = {
    find: async (firmId: string, clientId: string) => (firmId === 'firm-1' && clientId === 'client-1' ? { clientId } : undefined),
  } as unknown as ClientDirectory;
  const todos = {
    isFileRequestOf: async (firmId: string, clientId: string, todoId: string) => firmId === 'firm-1' && clientId === 'client-1' && todoId === 'todo-1',
  } as unknown as TodoDirectory;
  return { files, storage, service: new RequestUploadService(files, storage, clients, todos, config) };
}

async function refusal(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (error instanceof FileRuleError) return `${error.status} ${error.code} ${error.field ?? ''}`.trim();
  if (error instanceof ClientNotFoundError) return '404';
  throw new Error(`expected a refusal, got ${String(error)}`);
}

describe('RequestUploadService', () => {
  it('records a pending file under a key made of ids and hands out one PUT URL', async () => {
    const { files, service } = setUp();
    const ticket = await service.execute(staff, request({ name: 'w2.pdf' }));
    const { props } = files.stored.get(ticket.fileId)!;
    expect(props).toMatchObject({
      status: 'pending',
      objectKey: `firms/firm-1/clients/client-1/${ticket.fileId}`,
      uploadedBy: { userId: 'staff-1', role: 'staff', contactId: null },
    });
    expect(ticket.upload).toEqual({ kind: 'single', url: `https://s3.test/${props.objectKey}?ttl=900` });
    expect(files.events).toEqual([]);
  });

  it('starts a multipart upload above the threshold, one URL per part', async () => {
    const { files, storage, service } = setUp();
    const ticket = await service.execute(client, request({ sizeBytes: 130 * MiB }));
    expect(ticket.upload).toMatchObject({ kind: 'multipart', uploadId: 'upload-1', partSize: 64 * MiB });
    expect(ticket.upload.kind === 'multipart' && ticket.upload.parts.map((part) => part.partNumber)).toEqual([1, 2, 3]);
    expect(storage.multipart.get('upload-1')?.key).toBe(files.stored.get(ticket.fileId)!.props.objectKey);
    expect(files.stored.get(ticket.fileId)!.props.upload).toEqual({ kind: 'multipart', uploadId: 'upload-1', partSize: 64 * MiB, partCount: 3 });
  });

  it('refuses a file above the limit, naming sizeBytes', async () => {
    const { service } = setUp();
    expect(await refusal(() => service.execute(staff, request({ sizeBytes: 4_999_000_001 })))).toBe('400 file_too_large sizeBytes');
    await expect(service.execute(staff, request({ sizeBytes: 4_999_000_000 }))).resolves.toBeDefined();
  });

  it('refuses a client of another firm (staff) as a missing one', async () => {
    const { service } = setUp();
    expect(await refusal(() => service.execute({ ...staff, firmId: 'firm-2' }, request()))).toBe('404');
    expect(await refusal(() => service.execute(staff, request({ clientId: 'client-9' })))).toBe('404');
  });

  it('accepts a todoId only for a to-do of the client that asks for a file', async () => {
    const { files, service } = setUp();
    expect(await refusal(() => service.execute(client, request({ todoId: 'todo-2' })))).toBe('422 todo_not_file_request todoId');
    expect(await refusal(() => service.execute({ ...client, clientId: 'client-2' }, request({ clientId: 'client-2', todoId: 'todo-1' })))).toBe(
      '422 todo_not_file_request todoId',
    );
    const ticket = await service.execute(client, request({ todoId: 'todo-1', sharedWithClient: true }));
    expect(files.stored.get(ticket.fileId)!.props).toMatchObject({
      todoId: 'todo-1',
      sharedWithClient: true,
      uploadedBy: { userId: 'user-1', role: 'client', contactId: 'contact-1' },
    });
  });
});
