import { Injectable } from '@nestjs/common';
import { clientCreated } from '../client.events';
import { Client, NewClient } from '../domain/client';
import { ClientRepository } from '../domain/client.repository';

@Injectable()
export class CreateClientService {
  constructor(private readonly clients: ClientRepository) {}

  async execute(command: NewClient, correlationId: string): Promise<Client> {
    const client = Client.create(command);
    await this.clients.insert(client, [clientCreated(client, correlationId)]);
    return client;
  }
}
