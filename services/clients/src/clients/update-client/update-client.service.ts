import { Injectable } from '@nestjs/common';
import { clientUpdated } from '../client.events';
import { ClientUpdater } from '../client-updater';
import { Client, ClientChanges } from '../domain/client';

@Injectable()
export class UpdateClientService {
  constructor(private readonly updater: ClientUpdater) {}

  /** Undefined when the firm has no such client. No change, no event. */
  execute(firmId: string, clientId: string, changes: ClientChanges, correlationId: string): Promise<Client | undefined> {
    return this.updater.apply(
      firmId,
      clientId,
      (client) => client.update(changes),
      (client) => [clientUpdated(client, correlationId)],
    );
  }
}
