import { Injectable } from '@nestjs/common';
import { clientUpdated } from '../client.events';
import { ClientUpdater } from '../client-updater';
import { Contact, NewContact } from '../domain/contact';

@Injectable()
export class AddContactService {
  constructor(private readonly updater: ClientUpdater) {}

  /** The new contact, or undefined when the firm has no such client. */
  async execute(firmId: string, clientId: string, input: NewContact, correlationId: string): Promise<Contact | undefined> {
    let added: Contact | undefined;
    const client = await this.updater.apply(
      firmId,
      clientId,
      (current) => {
        const { client: next, contact } = current.addContact(input);
        added = contact;
        return next;
      },
      (next) => [clientUpdated(next, correlationId)],
    );
    return client && added;
  }
}
