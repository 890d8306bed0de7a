import { Injectable } from '@nestjs/common';
import { ClientDirectory } from '@portico/client-directory';
import { InjectConfig } from '@portico/config';
import { v7 as uuidv7 } from 'uuid';
import type { FilesConfig } from '../../files.env';
import { ObjectStorage } from '../../storage/object-storage';
import { TodoDirectory } from '../file-requests/todo-directory';
import { type Actor, uploaderOf } from '../domain/actor';
import { ClientNotFoundError, fileTooLarge, todoNotFileRequest } from '../domain/file.errors';
import { FileRecord, objectKeyOf, type StoredUpload } from '../domain/file-record';
import { FileRepository } from '../domain/file.repository';
import { planUpload } from '../domain/upload-plan';

export interface UploadRequest {
  clientId: string;
  /** Already sanitized. */
  name: string;
  sizeBytes: number;
  /** Already sanitized. */
  contentType: string;
  sharedWithClient: boolean;
  todoId: string | null;
}

export type UploadInstructions =
  { kind: 'single'; url: string } | { kind: 'multipart'; uploadId: string; partSize: number; parts: { partNumber: number; url: string }[] };

export interface UploadTicket {
  fileId: string;
  expiresAt: Date;
  upload: UploadInstructions;
}

/**
 * Records a pending file and hands out presigned URLs for its bytes: the caller uploads
 * straight to storage, then completes (see CompleteUploadService).
 */
@Injectable()
export class RequestUploadService {
  constructor(
    private readonly files: FileRepository,
    private readonly storage: ObjectStorage,
    private readonly clients: ClientDirectory,
    private readonly todos: TodoDirectory,
    @InjectConfig() private readonly config: FilesConfig,
  ) {}

  async execute(actor: Actor, request: UploadRequest): Promise<UploadTicket> {
    if (request.sizeBytes > this.config.FILES_MAX_BYTES) throw fileTooLarge(this.config.FILES_MAX_BYTES);
    await this.checkClient(actor, request.clientId);
    if (request.todoId !== null && !(await this.todos.isFileRequestOf(actor.firmId, request.clientId, request.todoId))) throw todoNotFileRequest();

    const fileId = uuidv7();
    const objectKey = objectKeyOf(actor.firmId, request.clientId, fileId);
    const plan = planUpload(request.sizeBytes, this.config.FILES_MULTIPART_THRESHOLD_BYTES);
    const upload: StoredUpload = plan.kind === 'single' ? plan : { ...plan, uploadId: await this.storage.startMultipart(objectKey, request.contentType) };
    const file = FileRecord.request({ ...request, id: fileId, firmId: actor.firmId, objectKey, uploadedBy: uploaderOf(actor), upload });
    await this.files.insert(file, []);

    const ttl = this.config.FILES_PUT_URL_TTL_SECONDS;
    const expiresAt = new Date(Date.now() + ttl * 1000);
    if (upload.kind === 'single') return { fileId, expiresAt, upload: { kind: 'single', url: await this.storage.presignPut(objectKey, ttl) } };
    const partNumbers = Array.from({ length: upload.partCount }, (_, index) => index + 1);
    const parts = await Promise.all(
      partNumbers.map(async (partNumber) => ({ partNumber, url: await this.storage.presignPart(objectKey, upload.uploadId, partNumber, ttl) })),
    );
    return { fileId, expiresAt, upload: { kind: 'multipart', uploadId: upload.uploadId, partSize: upload.partSize, parts } };
  }

  /** Staff name the client (one of their firm's); a portal's client is the token's own. */
  private async checkClient(actor: Actor, clientId: string): Promise<void> {
    if (actor.role === 'client' ? clientId !== actor.clientId : !(await this.clients.find(actor.firmId, clientId))) throw new ClientNotFoundError(clientId);
  }
}
