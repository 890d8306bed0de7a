import { Injectable } from '@nestjs/common';
import { ClientDirectory } from '@portico/client-directory';
import type { PortalActor, StaffActor } from '../domain/actor';
import { ClientNotFoundError } from '../domain/file.errors';
import type { FileRecord } from '../domain/file-record';
import { FileRepository } from '../domain/file.repository';

@Injectable()
export class ListFilesService {
  constructor(
    private readonly files: FileRepository,
    private readonly clients: ClientDirectory,
  ) {}

  /** Staff: every verified file of one of their firm's clients. */
  async forStaff(actor: StaffActor, clientId: string, limit: number): Promise<FileRecord[]> {
    if (!(await this.clients.find(actor.firmId, clientId))) throw new ClientNotFoundError(clientId);
    return this.files.listForClient({ firmId: actor.firmId, clientId, sharedOnly: false, limit });
  }

  /** A portal: its client's verified files shared with it (the client's and linked contacts' uploads included). */
  forPortal(actor: PortalActor, limit: number): Promise<FileRecord[]> {
    return this.files.listForClient({ firmId: actor.firmId, clientId: actor.clientId, sharedOnly: true, limit });
  }
}
