import { Injectable } from '@nestjs/common';
import { ClientDirectory } from '@portico/client-directory';
import { Invitation } from '../domain/invitation';
import { InvitationRepository } from '../domain/invitation.repository';

@Injectable()
export class ListInvitationsService {
  constructor(
    private readonly clients: ClientDirectory,
    private readonly invitations: InvitationRepository,
  ) {}

  /** Undefined when the client is unknown in this firm (whether or not another firm has it). */
  async execute(firmId: string, clientId: string): Promise<Invitation[] | undefined> {
    if (!(await this.clients.find(firmId, clientId))) return undefined;
    return this.invitations.listByClient(firmId, clientId);
  }
}
