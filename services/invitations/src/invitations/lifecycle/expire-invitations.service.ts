import { Injectable } from '@nestjs/common';
import { createEvent, InvitationExpired } from '@portico/contracts';
import { InvitationRepository } from '../domain/invitation.repository';

const BATCH = 100;

/**
 * Announces expiry: an open invitation past `expiresAt` gets InvitationExpired once. Lists show
 * `expired` from `expiresAt` at read time whether or not this ran; the event is for the other
 * services. Each announcement is a compare-and-set on the invitation's revision that records it
 * with the event, so replicas sweeping at once never publish it twice.
 */
@Injectable()
export class ExpireInvitationsService {
  constructor(private readonly invitations: InvitationRepository) {}

  /** Returns how many were announced. */
  async sweep(now = new Date()): Promise<number> {
    let announced = 0;
    for (const invitation of await this.invitations.findDue('expiry', now, BATCH)) {
      const change = invitation.announceExpiry(now);
      if (!change) continue;
      const { firmId, expiresAt } = invitation.props;
      const expired = createEvent(InvitationExpired, { ...invitation.recipient, expiredAt: expiresAt.toISOString() }, { firmId, correlationId: invitation.id });
      if (await this.invitations.applyChange(invitation, change, [expired])) announced++;
    }
    return announced;
  }
}
