import { Injectable } from '@nestjs/common';
import { createEvent, InvitationRevoked, type EventOrigin } from '@portico/contracts';
import { changeInvitation, ChangeOutcome } from '../change-invitation';
import { InvitationRepository } from '../domain/invitation.repository';

@Injectable()
export class RevokeInvitationService {
  constructor(private readonly invitations: InvitationRepository) {}

  /**
   * Revokes an open invitation and emits InvitationRevoked with the change (identity then
   * refuses the link). Its (firm, email) slot is free from then on: a new invitation may be made.
   */
  execute(firmId: string, invitationId: string, staffUserId: string, origin: EventOrigin, now = new Date()): Promise<ChangeOutcome> {
    return changeInvitation(this.invitations, firmId, invitationId, (invitation) => {
      const change = invitation.revoke(staffUserId, now);
      return change && { change, events: [createEvent(InvitationRevoked, { ...invitation.recipient, revokedBy: staffUserId }, origin)] };
    });
  }
}
