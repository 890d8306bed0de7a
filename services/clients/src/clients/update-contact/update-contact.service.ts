import { Injectable } from '@nestjs/common';
import { clientUpdated } from '../client.events';
import { ClientUpdater } from '../client-updater';
import { Contact, ContactChanges } from '../domain/contact';

@Injectable()
export class UpdateContactService {
  constructor(private readonly updater: ClientUpdater) {}

  /**
   * The contact after the change, or undefined when the firm has no such client (an unknown
   * contact throws ContactNotFoundError). No change, no event.
   */
  async execute(firmId: string, clientId: string, contactId: string, changes: ContactChanges, correlationId: string): Promise<Contact | undefined> {
    const client = await this.updater.apply(
      firmId,
      clientId,
      (current) => current.updateContact(contactId, changes),
      (next) => [clientUpdated(next, correlationId)],
    );
    return client?.contact(contactId);
  }
}
