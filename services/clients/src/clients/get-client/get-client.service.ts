import { Injectable } from '@nestjs/common';
import { Client } from '../domain/client';
import { ClientRepository } from '../domain/client.repository';

@Injectable()
export class GetClientService {
  constructor(private readonly clients: ClientRepository) {}

  /** Undefined both when the id does not exist and when it belongs to another firm. */
  execute(firmId: string, id: string): Promise<Client | undefined> {
    return this.clients.findById(firmId, id);
  }
}
