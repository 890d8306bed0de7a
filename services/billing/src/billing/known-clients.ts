import { Injectable } from '@nestjs/common';
import { ClientDirectory } from '@portico/client-directory';
import { ClientNotFoundError } from './billing.errors';

/** Staff name clients by id: only their own firm's clients (from the clients service's events) exist for them. */
@Injectable()
export class KnownClients {
  constructor(private readonly directory: ClientDirectory) {}

  async require(firmId: string, clientId: string): Promise<void> {
    if (!(await this.directory.find(firmId, clientId))) throw new ClientNotFoundError();
  }
}
