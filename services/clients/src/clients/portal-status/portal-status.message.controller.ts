import { Controller, Logger } from '@nestjs/common';
import { InvitationIssued, PortalAccessGranted, UserLoggedIn, type EnvelopeOf } from '@portico/contracts';
import { OnEvent } from '@portico/messaging';
import { PortalStatusService } from './portal-status.service';

/** Portal status from invitations (issued) and identity (access granted, logins). */
@Controller()
export class PortalStatusMessageController {
  private readonly logger = new Logger(PortalStatusMessageController.name);

  constructor(private readonly portalStatus: PortalStatusService) {}

  @OnEvent(InvitationIssued)
  async invitationIssued(event: EnvelopeOf<typeof InvitationIssued>): Promise<void> {
    const { clientId, contactId, recipientKind, invitationId } = event.payload;
    // An extra email is someone the staff typed in, not a person on the client's record.
    if (recipientKind === 'extra') return;
    if (recipientKind === 'contact' && contactId === null) {
      this.logger.warn(`Invitation ${invitationId} is for a contact but names none: skipped`);
      return;
    }
    await this.portalStatus.invitationIssued(
      { firmId: event.firmId, clientId, contactId: recipientKind === 'contact' ? contactId : null },
      new Date(event.occurredAt),
    );
  }

  @OnEvent(PortalAccessGranted)
  async accessGranted(event: EnvelopeOf<typeof PortalAccessGranted>): Promise<void> {
    const { firmId, clientId, contactId, userId, recipientKind } = event.payload;
    // Someone invited by an extra email sees the client's portal but is not the client: the
    // client's own status (and last login) stays theirs.
    if (recipientKind === 'extra') return;
    await this.portalStatus.accessGranted({ firmId, clientId, contactId }, userId, new Date(event.occurredAt));
  }

  @OnEvent(UserLoggedIn)
  async loggedIn(event: EnvelopeOf<typeof UserLoggedIn>): Promise<void> {
    // Staff logins are not portal logins.
    if (event.payload.role !== 'client') return;
    await this.portalStatus.loggedIn(event.firmId, event.payload.userId, new Date(event.payload.at));
  }
}
