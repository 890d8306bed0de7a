import { FileUploaded } from '@portico/contracts';
import type { FilesConfig } from '../../files.env';
import type { ClientDirectory } from '@portico/client-directory';
import type { TodoDirectory } from '../file-requests/todo-directory';
import { FileAccess } from '../file-access';
import type { PortalActor, StaffActor } from '../domain/actor';
import { FileNotFoundError, FileRuleError } from '../domain/file.errors';
import { RequestUploadService } from '../request-upload/request-upload.service';
import { FakeObjectStorage } from '../testing/fake-object-storage';
import { InMemoryFileRepository } from '../testing/in-memory-file.repository';
import { CompleteUploadService } from './complete-upload.service';

const MiB = 1024 * 1024;
const staff: StaffActor = { role: 'staff', firmId: 'firm-1', userId: 'staff-1' };
const client: PortalActor = { role: 'client', firmId: 'firm-1', clientId: 'client-1', contactId: null, userId: 'user-1' };
const spouse: PortalActor = { ...client, contactId: 'contact-1', userId: 'user-2' };
const config = {
  FILES_MAX_BYTES: 4_999_000_000,
  FILES_MULTIPART_THRESHOLD_BYTES: 5 * MiB,
  FILES_PUT_URL_TTL_SECONDS: 900,
  FILES_EDIT_WINDOW_SECONDS: 600,
} as FilesConfig;

function setUp() {
  const files = new InMemoryFileRepository();
  const storage = new FakeObjectStorage();
  const clients = { find: async () => ({}) } as unknown as ClientDirectory;
  const todos = { isFileRequestOf: async () => true } as unknown as TodoDirectory;
  const requestUpload = new RequestUploadService(files, storage, clients, todos, config);
  const complete = new CompleteUploadService(files, new FileAccess(files), storage, config);
  const upload = async (actor: StaffActor | PortalActor, sizeBytes: number, todoId: string | null = null) => {
    const ticket = await requestUpload.execute(actor, {
      clientId: 'client-1',
      name: 'scan.pdf',
      sizeBytes,
      contentType: 'application/pdf',
      sharedWithClient: actor.role === 'client',
      todoId,
    });
    return { fileId: ticket.fileId, key: files.stored.get(ticket.fileId)!.props.objectKey, upload: ticket.upload };
  };
  return { files, storage, complete, upload };
}

async function code(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (error instanceof FileRuleError) return error.code;
  if (error instanceof FileNotFoundError) return 'not_found';
  throw new Error(`expected a refusal, got ${String(error)}`);
}

describe('CompleteUploadService', () => {
  it('makes a verified single upload available and writes FileUploaded with it', async () => {
    const { files, storage, complete, upload } = setUp();
    const { fileId, key } = await upload(client, 1234, 'todo-1');
    storage.objects.set(key, 1234);
    const file = await complete.execute(client, fileId, undefined, 'corr-1');
    expect(file.props).toMatchObject({ status: 'available', editableUntil: expect.any(Date) });
    expect(files.events).toEqual([
      expect.objectContaining({
        type: FileUploaded.type,
        firmId: 'firm-1',
        correlationId: 'corr-1',
        payload: expect.objectContaining({ fileId, todoId: 'todo-1', sharedWithClient: true, sizeBytes: 1234 }),
      }),
    ]);
  });

  it('answers a second completion with the same file and no second event', async () => {
    const { files, storage, complete, upload } = setUp();
    const { fileId, key } = await upload(staff, 10);
    storage.objects.set(key, 10);
    const first = await complete.execute(staff, fileId, undefined, 'corr-1');
    const second = await complete.execute(staff, fileId, undefined, 'corr-2');
    expect(second.props).toEqual(first.props);
    expect(files.events).toHaveLength(1);
  });

  it('refuses when nothing was uploaded', async () => {
    const { files, complete, upload } = setUp();
    const { fileId } = await upload(client, 10);
    expect(await code(() => complete.execute(client, fileId, undefined, 'c'))).toBe('object_missing');
    expect(files.stored.get(fileId)!.props.status).toBe('pending');
  });

  it('refuses and discards an object of another size; a corrected upload then completes', async () => {
    const { storage, complete, upload } = setUp();
    const { fileId, key } = await upload(client, 10);
    storage.objects.set(key, 11);
    expect(await code(() => complete.execute(client, fileId, undefined, 'c'))).toBe('size_mismatch');
    expect(storage.objects.has(key)).toBe(false);
    storage.objects.set(key, 10);
    expect((await complete.execute(client, fileId, undefined, 'c')).props.status).toBe('available');
  });

  it('assembles a multipart upload from the parts named, then checks the size', async () => {
    const { storage, complete, upload } = setUp();
    const { fileId, upload: instructions } = await upload(client, 12 * MiB);
    if (instructions.kind !== 'multipart') throw new Error('expected multipart');
    expect(await code(() => complete.execute(client, fileId, undefined, 'c'))).toBe('parts_required');
    const parts = [
      { partNumber: 3, etag: storage.putPart(instructions.uploadId, 3, 2 * MiB) },
      { partNumber: 1, etag: storage.putPart(instructions.uploadId, 1, 5 * MiB) },
      { partNumber: 2, etag: storage.putPart(instructions.uploadId, 2, 5 * MiB) },
    ];
    expect(await code(() => complete.execute(client, fileId, [{ partNumber: 1, etag: '"wrong"' }], 'c'))).toBe('parts_invalid');
    expect((await complete.execute(client, fileId, parts, 'c')).props.status).toBe('available');
  });

  it("lets only the uploader complete (another person's pending upload is not found)", async () => {
    const { storage, complete, upload } = setUp();
    const { fileId, key } = await upload(client, 10);
    storage.objects.set(key, 10);
    expect(await code(() => complete.execute(spouse, fileId, undefined, 'c'))).toBe('not_found');
    expect(await code(() => complete.execute(staff, fileId, undefined, 'c'))).toBe('not_found');
    expect(await code(() => complete.execute({ ...client, firmId: 'firm-2' }, fileId, undefined, 'c'))).toBe('not_found');
  });
});
