import { Injectable } from '@nestjs/common';
import { FileAccess } from '../file-access';
import type { Actor } from '../domain/actor';
import type { FileRecord } from '../domain/file-record';

/** A client renames their own upload within its edit window (no event: the contracts have none for it). */
@Injectable()
export class RenameFileService {
  constructor(private readonly access: FileAccess) {}

  execute(actor: Actor, fileId: string, name: string): Promise<FileRecord> {
    return this.access.change(actor, fileId, (file) => file.rename(actor, name));
  }
}
