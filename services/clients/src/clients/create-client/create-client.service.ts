import { Injectable } from '@nestjs/common';
import { Client, NewClient } from '../domain/client';
import { ClientRepository } from '../domain/client.repository';

@Injectable()
export class CreateClientService {
  constructor(private readonly clients: ClientRepository) {}

  async execute(command: NewClient): Promise<Client> {
    const client = Client.create(command);
    await this.clients.insert(client);
    return client;
  }
}
