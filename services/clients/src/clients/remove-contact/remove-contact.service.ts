import { Injectable } from '@nestjs/common';
import { clientUpdated } from '../client.events';
import { ClientUpdater } from '../client-updater';

@Injectable()
export class RemoveContactService {
  constructor(private readonly updater: ClientUpdater) {}

  /** False when the firm has no such client (an unknown contact throws ContactNotFoundError). */
  async execute(firmId: string, clientId: string, contactId: string, correlationId: string): Promise<boolean> {
    const client = await this.updater.apply(
      firmId,
      clientId,
      (current) => current.removeContact(contactId),
      (next) => [clientUpdated(next, correlationId)],
    );
    return client !== undefined;
  }
}
