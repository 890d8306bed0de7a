import { Injectable } from '@nestjs/common';
import { ClientPage, ClientRepository } from '../domain/client.repository';

export const DEFAULT_PAGE_SIZE = 50;

@Injectable()
export class ListClientsService {
  constructor(private readonly clients: ClientRepository) {}

  execute(firmId: string, page: { limit?: number; after?: string }): Promise<ClientPage> {
    return this.clients.list(firmId, { limit: page.limit ?? DEFAULT_PAGE_SIZE, after: page.after });
  }
}
