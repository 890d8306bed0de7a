import { Injectable } from '@nestjs/common';
import { ClientListQuery, ClientPage, ClientRepository } from '../domain/client.repository';

export const DEFAULT_PAGE_SIZE = 50;

@Injectable()
export class ListClientsService {
  constructor(private readonly clients: ClientRepository) {}

  execute(firmId: string, query: Omit<ClientListQuery, 'limit'> & { limit?: number }): Promise<ClientPage> {
    return this.clients.list(firmId, { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }
}
