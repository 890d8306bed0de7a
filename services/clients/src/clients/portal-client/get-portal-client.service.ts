import { Injectable } from '@nestjs/common';
import type { PortalScope } from '@portico/auth';
import { Client } from '../domain/client';
import { ClientRepository } from '../domain/client.repository';
import { Contact } from '../domain/contact';

/** The client record a portal session may see, and which of its linked contacts is acting (null: the client). */
export interface PortalClient {
  client: Client;
  contact: Contact | null;
}

@Injectable()
export class GetPortalClientService {
  constructor(private readonly clients: ClientRepository) {}

  /**
   * The record the portal scope names, read by firm AND client id: nothing else is reachable.
   * Undefined when it does not exist in that firm, and when the acting contact is no longer
   * linked to it (removed since the token was issued: they no longer belong to the record).
   */
  async execute(scope: PortalScope): Promise<PortalClient | undefined> {
    const client = await this.clients.findById(scope.firmId, scope.clientId);
    if (!client) return undefined;
    if (scope.contactId === null) return { client, contact: null };
    const contact = client.contact(scope.contactId);
    return contact ? { client, contact } : undefined;
  }
}
