import { Injectable, Logger } from '@nestjs/common';
import { causedBy, createEvent, InvitationAccepted, PortalAccessGranted, type EnvelopeOf } from '@portico/contracts';
import { changeInvitation } from '../change-invitation';
import { InvitationRepository } from '../domain/invitation.repository';

/** Identity granted portal access through an invitation: the invitation is accepted. */
@Injectable()
export class RecordAcceptanceService {
  private readonly logger = new Logger(RecordAcceptanceService.name);

  constructor(private readonly invitations: InvitationRepository) {}

  async execute(event: EnvelopeOf<typeof PortalAccessGranted>): Promise<void> {
    const { invitationId, firmId, userId } = event.payload;
    const acceptedAt = event.occurredAt;
    const outcome = await changeInvitation(this.invitations, firmId, invitationId, (invitation) => {
      const change = invitation.accept(userId, new Date(acceptedAt));
      return change && { change, events: [createEvent(InvitationAccepted, { ...invitation.recipient, userId, acceptedAt }, causedBy(event))] };
    });
    if (outcome.kind === 'notFound') {
      this.logger.warn(`PortalAccessGranted ${event.id} names invitation ${invitationId}, unknown in firm ${firmId}: ignored`);
    } else if (outcome.kind === 'refused' && outcome.invitation.props.status === 'revoked') {
      // Identity accepted the link before it applied InvitationRevoked: the access exists but the
      // invitation stays revoked. Loud, so that someone decides whether to remove that access.
      this.logger.error(`Invitation ${invitationId} was accepted by user ${userId} after it had been revoked; it stays revoked`);
    }
  }
}
