import { Injectable, Logger } from '@nestjs/common';
import { ObjectStorage } from '../../storage/object-storage';
import { fileDeleted } from '../file.events';
import { FileAccess } from '../file-access';
import type { Actor } from '../domain/actor';

/**
 * Staff delete any file of their firm; a client their own upload within its edit window. The
 * record is marked deleted (with FileDeleted in its outbox) first, then the object is removed.
 */
@Injectable()
export class DeleteFileService {
  private readonly logger = new Logger(DeleteFileService.name);

  constructor(
    private readonly access: FileAccess,
    private readonly storage: ObjectStorage,
  ) {}

  async execute(actor: Actor, fileId: string, correlationId: string): Promise<void> {
    const deleted = await this.access.change(
      actor,
      fileId,
      (file) => file.delete(actor),
      (file) => [fileDeleted(file, actor, { firmId: actor.firmId, correlationId })],
    );
    // The file is gone for everyone already; a failure here leaves an orphan object, logged with its key.
    await this.storage.remove(deleted.props.objectKey).catch((error: unknown) => {
      this.logger.error(
        `Could not remove object ${deleted.props.objectKey} of deleted file ${fileId}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }
}
