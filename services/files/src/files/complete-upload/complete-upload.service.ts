import { Injectable } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import type { FilesConfig } from '../../files.env';
import { ObjectStorage, PartsRejectedError, type UploadedPart } from '../../storage/object-storage';
import { fileUploaded } from '../file.events';
import { FileAccess } from '../file-access';
import type { Actor } from '../domain/actor';
import { FileNotFoundError, objectMissing, partsInvalid, partsRequired, sizeMismatch } from '../domain/file.errors';
import { FileRecord } from '../domain/file-record';
import { FileRepository } from '../domain/file.repository';

/**
 * The uploader says the bytes are in storage: the object must exist with the announced size
 * before the file shows up anywhere (and FileUploaded is written with it). Completing twice
 * answers the same file.
 */
@Injectable()
export class CompleteUploadService {
  constructor(
    private readonly files: FileRepository,
    private readonly access: FileAccess,
    private readonly storage: ObjectStorage,
    @InjectConfig() private readonly config: FilesConfig,
  ) {}

  async execute(actor: Actor, fileId: string, parts: UploadedPart[] | undefined, correlationId: string): Promise<FileRecord> {
    const completable = (file: FileRecord) => file.completableBy(actor);
    const file = await this.files.find(actor.firmId, fileId);
    if (!file || !completable(file)) throw new FileNotFoundError(fileId);
    if (file.props.status === 'available') return file;

    await this.verify(file, parts);
    return this.access.change(
      actor,
      fileId,
      (current) => current.markUploaded(new Date(), this.config.FILES_EDIT_WINDOW_SECONDS),
      (uploaded) => [fileUploaded(uploaded, { firmId: actor.firmId, correlationId })],
      completable,
    );
  }

  private async verify({ props }: FileRecord, parts: UploadedPart[] | undefined): Promise<void> {
    if (props.upload.kind === 'multipart') {
      if (!parts?.length) throw partsRequired();
      try {
        await this.storage.completeMultipart(
          props.objectKey,
          props.upload.uploadId,
          [...parts].sort((a, b) => a.partNumber - b.partNumber),
        );
      } catch (error) {
        if (error instanceof PartsRejectedError) throw partsInvalid(error.reason);
        throw error;
      }
    }
    const stored = await this.storage.sizeOf(props.objectKey);
    if (stored === undefined) throw objectMissing();
    if (stored !== props.sizeBytes) {
      // Unverified bytes are not kept: the uploader may PUT again (single) or start over (multipart).
      await this.storage.remove(props.objectKey);
      throw sizeMismatch(props.sizeBytes, stored);
    }
  }
}
