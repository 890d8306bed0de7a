import { Injectable } from '@nestjs/common';
import { fileShared } from '../file.events';
import { FileAccess } from '../file-access';
import type { Actor } from '../domain/actor';
import type { FileRecord } from '../domain/file-record';

/** Staff choose which files the client's portal shows. No change, no event. */
@Injectable()
export class ShareFileService {
  constructor(private readonly access: FileAccess) {}

  execute(actor: Actor, fileId: string, shared: boolean, correlationId: string): Promise<FileRecord> {
    return this.access.change(
      actor,
      fileId,
      (file) => file.share(shared),
      (file) => [fileShared(file, actor, { firmId: actor.firmId, correlationId })],
    );
  }
}
