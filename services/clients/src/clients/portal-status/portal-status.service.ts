import { Injectable, Logger } from '@nestjs/common';
import { ClientUpdater } from '../client-updater';
import { Client } from '../domain/client';
import { ContactNotFoundError } from '../domain/client.errors';
import { ClientRepository } from '../domain/client.repository';

/** Who an invitation or a portal access is for: the client itself (`contactId` null) or one of its contacts. */
export interface PortalPerson {
  firmId: string;
  clientId: string;
  contactId: string | null;
}

/**
 * Keeps each person's portal status in step with invitations and identity. Every change is
 * monotone (see PortalAccess), so a redelivered or late event changes nothing, and the write
 * is skipped. A person who is not (or no longer) on record is logged and skipped: retrying
 * would not make them appear.
 */
@Injectable()
export class PortalStatusService {
  private readonly logger = new Logger(PortalStatusService.name);

  constructor(
    private readonly updater: ClientUpdater,
    private readonly clients: ClientRepository,
  ) {}

  invitationIssued(person: PortalPerson, at: Date): Promise<void> {
    return this.change(person, (client) => client.recordInvitation(person.contactId, at));
  }

  accessGranted(person: PortalPerson, userId: string, at: Date): Promise<void> {
    return this.change(person, (client) => client.recordPortalAccess(person.contactId, userId, at));
  }

  /** A login into one firm's portal: only that firm's records learn of it (tenants never see each other's activity). */
  async loggedIn(firmId: string, userId: string, at: Date): Promise<void> {
    for (const client of await this.clients.findByPortalUser(firmId, userId)) {
      await this.updater.apply(client.props.firmId, client.id, (current) => current.recordLogin(userId, at));
    }
  }

  private async change({ firmId, clientId, contactId }: PortalPerson, change: (client: Client) => Client): Promise<void> {
    try {
      const client = await this.updater.apply(firmId, clientId, change);
      if (!client) this.logger.warn(`Portal event for client ${clientId}, unknown in firm ${firmId}: skipped`);
    } catch (error) {
      if (!(error instanceof ContactNotFoundError)) throw error;
      this.logger.warn(`Portal event for contact ${contactId} of client ${clientId}, not on record: skipped`);
    }
  }
}
