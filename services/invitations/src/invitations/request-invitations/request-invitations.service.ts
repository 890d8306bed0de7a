import { Injectable } from '@nestjs/common';
import type { EventOrigin } from '@portico/contracts';
import { ClientDirectory } from '@portico/client-directory';
import { FirmDirectory } from '../../firms/firm-directory';
import { recipientNameOf, RecipientError, resolveRecipients, RecipientSelection } from '../domain/recipients';
import { InviteRecipientResult, InviteRecipientService } from '../invite-recipient/invite-recipient.service';

export interface RequestInvitationsCommand extends RecipientSelection {
  firmId: string;
  clientId: string;
  message: string | null;
  templateId: string | null;
  requestedBy: string;
  /** Send later (validated: future, within 90 days); null = now. */
  sendAt: Date | null;
}

export type RequestInvitationsOutcome =
  | { kind: 'requested'; invitations: InviteRecipientResult[] }
  | { kind: 'clientNotFound' }
  | { kind: 'contactNotFound'; errors: RecipientError[] }
  | { kind: 'notInvitable'; errors: RecipientError[] }
  | { kind: 'firmNotKnownYet' };

/** "Invite to portal" for one client: checks every recipient first, then requests each invitation. */
@Injectable()
export class RequestInvitationsService {
  constructor(
    private readonly clients: ClientDirectory,
    private readonly firms: FirmDirectory,
    private readonly inviteRecipient: InviteRecipientService,
  ) {}

  async execute(command: RequestInvitationsCommand, origin: EventOrigin): Promise<RequestInvitationsOutcome> {
    const client = await this.clients.find(command.firmId, command.clientId);
    if (!client) return { kind: 'clientNotFound' };
    const resolution = resolveRecipients(client, command);
    if (resolution.kind !== 'resolved') return resolution;
    // The email names the firm; its name comes from identity's FirmRegistered. Refusing now
    // beats an invitation that could not be emailed.
    if ((await this.firms.find(command.firmId)).name === null) return { kind: 'firmNotKnownYet' };

    // Nothing is requested unless every recipient passed. One at a time: a failure part-way
    // leaves the first ones requested, and a retry of the same request returns them (existing).
    const { firmId, clientId, message, templateId, requestedBy, sendAt } = command;
    const invitations: InviteRecipientResult[] = [];
    for (const recipient of resolution.recipients) {
      const { email, recipientKind, contactId } = recipient;
      const recipientName = recipientNameOf(client, recipient);
      invitations.push(
        await this.inviteRecipient.execute(
          { firmId, clientId, email, recipientKind, contactId, recipientName, message, templateId, requestedBy, sendAt },
          origin,
        ),
      );
    }
    return { kind: 'requested', invitations };
  }
}
