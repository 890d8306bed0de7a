import { Injectable } from '@nestjs/common';
import { ClientCreated, createEvent } from '@portico/contracts';
import { Client, NewClient } from '../domain/client';
import { ClientRepository } from '../domain/client.repository';

@Injectable()
export class CreateClientService {
  constructor(private readonly clients: ClientRepository) {}

  async execute(command: NewClient, correlationId: string): Promise<Client> {
    const client = Client.create(command);
    const { id: clientId, firmId, kind, displayName, emails } = client.props;
    const created = createEvent(ClientCreated, { clientId, firmId, kind, displayName, emails: [...emails], contacts: [] }, { firmId, correlationId });
    await this.clients.insert(client, [created]);
    return client;
  }
}
