import { Injectable } from '@nestjs/common';
import { fileRenamed } from '../file.events';
import { FileAccess } from '../file-access';
import type { Actor } from '../domain/actor';
import type { FileRecord } from '../domain/file-record';

/** A client renames their own upload within its edit window; FileRenamed carries the new name. */
@Injectable()
export class RenameFileService {
  constructor(private readonly access: FileAccess) {}

  execute(actor: Actor, fileId: string, name: string, correlationId: string): Promise<FileRecord> {
    return this.access.change(
      actor,
      fileId,
      (file) => file.rename(actor, name),
      (file) => [fileRenamed(file, actor, { firmId: actor.firmId, correlationId })],
    );
  }
}
