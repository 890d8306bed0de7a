import { Injectable, Logger } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import { createEvent, InvitationIssued } from '@portico/contracts';
import { FirmDirectory } from '../../firms/firm-directory';
import type { InvitationsConfig } from '../../invitations.env';
import { InvitationRepository } from '../domain/invitation.repository';
import { InvitationSlotRepository } from '../domain/invitation-slot';
import { InvitationToken } from '../domain/invitation-token';
import { invitationEmailRequested } from '../invitation-email';

const BATCH = 100;
const ORPHAN_AFTER_MS = 60_000;

/**
 * Sends scheduled invitations whose `sendAt` has come: the first link, the expiry and the
 * reminder schedule are made now, and InvitationIssued + InvitationEmailRequested are written
 * with the change (a compare-and-set: replicas never send one twice). Until then nothing about
 * the link exists anywhere.
 */
@Injectable()
export class SendScheduledInvitationsService {
  private readonly logger = new Logger(SendScheduledInvitationsService.name);

  constructor(
    private readonly invitations: InvitationRepository,
    private readonly slots: InvitationSlotRepository,
    private readonly firms: FirmDirectory,
    @InjectConfig() private readonly config: Pick<InvitationsConfig, 'PORTAL_BASE_URL' | 'INVITATION_DAY_MS'>,
  ) {}

  /** Returns how many were sent. */
  async sendDue(now = new Date()): Promise<number> {
    let sent = 0;
    for (const invitation of await this.invitations.findDue('send', now, BATCH)) {
      const { firmId, email } = invitation.props;
      if ((await this.slots.find(firmId, email))?.invitationId !== invitation.id) {
        // Its request may still be claiming the slot (it stores the invitation first): wait.
        if (now.getTime() - invitation.props.requestedAt.getTime() < ORPHAN_AFTER_MS) continue;
        // The slot claim was lost or never made (a crash in between): the request was refused
        // or failed, and nobody was told about this invitation.
        this.logger.warn(`Scheduled invitation ${invitation.id} does not hold its invitation slot: discarded`);
        await this.invitations.discardScheduled(invitation);
        continue;
      }
      const firm = await this.firms.find(firmId);
      if (firm.name === null) continue;
      const token = InvitationToken.generate();
      const { expiryDays, reminderDays } = firm.settings;
      const change = invitation.send(token.hash, { expiryDays, reminderDays, dayMs: this.config.INVITATION_DAY_MS }, now);
      if (!change) continue;
      const issued = invitation.apply(change);
      const { recipientKind, tokenHash, expiresAt } = issued.props;
      const origin = { firmId, correlationId: invitation.id };
      const events = [
        createEvent(InvitationIssued, { ...invitation.recipient, recipientKind, tokenHash, expiresAt: expiresAt.toISOString() }, origin),
        invitationEmailRequested(issued, { token, portalBaseUrl: this.config.PORTAL_BASE_URL, firmName: firm.name }, origin),
      ];
      if (await this.invitations.applyChange(invitation, change, events)) sent++;
    }
    return sent;
  }
}
