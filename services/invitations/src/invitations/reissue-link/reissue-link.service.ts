import { Injectable } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import { createEvent, InvitationReissued, type EventOrigin } from '@portico/contracts';
import { FirmDirectory } from '../../firms/firm-directory';
import type { InvitationsConfig } from '../../invitations.env';
import { Invitation, LimitReached, ReissueTrigger } from '../domain/invitation';
import { InvitationRepository } from '../domain/invitation.repository';
import { InvitationSlotRepository, SLOT_RESERVATION_MS } from '../domain/invitation-slot';
import { InvitationToken } from '../domain/invitation-token';
import { invitationEmailRequested } from '../invitation-email';

export type ReissueOutcome =
  | { kind: 'reissued'; invitation: Invitation }
  | { kind: 'notFound' }
  /** Accepted, revoked or still scheduled: there is no link to renew. */
  | { kind: 'refused'; invitation: Invitation }
  /** The address has a newer invitation (this one expired and the slot was taken). */
  | { kind: 'slotTaken'; invitation: Invitation }
  | LimitReached;

const MAX_ROUNDS = 5;

/**
 * A new link for an invitation (staff resend, or the recipient's self-serve request): every
 * earlier link stops working, the expiry starts again, and InvitationReissued (for identity's
 * grant) and InvitationEmailRequested (the new link) are written with the change.
 *
 * An expired invitation no longer holds its (firm, email) slot, so before it is reopened the
 * slot is reserved for it (compare-and-set on the holder): a concurrent request for the same
 * address then waits for the reservation instead of making a second open invitation, and an
 * address that was invited anew meanwhile is refused (`slotTaken`).
 */
@Injectable()
export class ReissueLinkService {
  constructor(
    private readonly invitations: InvitationRepository,
    private readonly slots: InvitationSlotRepository,
    private readonly firms: FirmDirectory,
    @InjectConfig() private readonly config: Pick<InvitationsConfig, 'PORTAL_BASE_URL' | 'INVITATION_DAY_MS' | 'SELF_SERVE_REISSUES_PER_DAY'>,
  ) {}

  /** `find` reads the invitation (scoped by the caller: firm for staff, token for self-serve). */
  async execute(find: () => Promise<Invitation | undefined>, trigger: ReissueTrigger, correlationId: string, now = new Date()): Promise<ReissueOutcome> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const invitation = await find();
      if (!invitation) return { kind: 'notFound' };
      const { firmId, email } = invitation.props;
      const firm = await this.firms.find(firmId);
      if (firm.name === null) throw new Error(`Firm ${firmId} is not in the firm directory: cannot name it in the invitation email`);
      const limitPerDay = trigger === 'resend' ? firm.settings.resendsPerDay : this.config.SELF_SERVE_REISSUES_PER_DAY;
      const token = InvitationToken.generate();
      const change = invitation.reissue(token.hash, trigger, { expiryDays: firm.settings.expiryDays, dayMs: this.config.INVITATION_DAY_MS, limitPerDay }, now);
      if (!change) return { kind: 'refused', invitation };
      if ('kind' in change) return change;

      if (!(await this.slots.reserve(firmId, email, invitation.id, new Date(now.getTime() + SLOT_RESERVATION_MS)))) return { kind: 'slotTaken', invitation };
      const reissued = invitation.apply(change);
      const origin: EventOrigin = { firmId, correlationId };
      const { tokenHash, expiresAt } = reissued.props;
      const events = [
        createEvent(InvitationReissued, { ...invitation.recipient, tokenHash, expiresAt: expiresAt.toISOString(), trigger }, origin),
        invitationEmailRequested(reissued, { token, portalBaseUrl: this.config.PORTAL_BASE_URL, firmName: firm.name }, origin),
      ];
      try {
        // Loses only to another change of this invitation: read it again and decide again.
        if (await this.invitations.applyChange(invitation, change, events)) return { kind: 'reissued', invitation: reissued };
      } finally {
        await this.slots.release(firmId, email, invitation.id);
      }
    }
    throw new Error(`Invitation kept changing during ${MAX_ROUNDS} attempts to give it a new link`);
  }
}
