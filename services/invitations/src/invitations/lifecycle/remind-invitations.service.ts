import { Injectable } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import { createEvent, InvitationReminded } from '@portico/contracts';
import { FirmDirectory } from '../../firms/firm-directory';
import type { InvitationsConfig } from '../../invitations.env';
import { InvitationRepository } from '../domain/invitation.repository';
import { InvitationToken } from '../domain/invitation-token';
import { invitationEmailRequested } from '../invitation-email';

const BATCH = 100;

/**
 * Sends the reminders that are due (the firm's schedule, in days after the first send, copied
 * onto the invitation when it was issued). One compare-and-set per reminder records it (its
 * number, a link of its own added to the working ones, the next look-up time) with
 * InvitationReminded and InvitationEmailRequested (`reminder: n`, delivery key
 * `<id>:reminder:<n>`): replicas never send one twice. Accepted, revoked and expired
 * invitations are never reminded.
 */
@Injectable()
export class RemindInvitationsService {
  constructor(
    private readonly invitations: InvitationRepository,
    private readonly firms: FirmDirectory,
    @InjectConfig() private readonly config: Pick<InvitationsConfig, 'PORTAL_BASE_URL' | 'INVITATION_DAY_MS'>,
  ) {}

  /** Returns how many reminders were requested. */
  async remindDue(now = new Date()): Promise<number> {
    let reminded = 0;
    for (const invitation of await this.invitations.findDue('reminder', now, BATCH)) {
      const token = InvitationToken.generate();
      const change = invitation.remind(token.hash, this.config.INVITATION_DAY_MS, now);
      if (!change) continue;
      const { reminder } = change;
      if (reminder === undefined) {
        // Nothing due (sent already, or skipped while the link was being renewed): next look-up time only.
        await this.invitations.applyChange(invitation, change, []);
        continue;
      }
      const { firmId } = invitation.props;
      const firm = await this.firms.find(firmId);
      if (firm.name === null) continue;
      const origin = { firmId, correlationId: invitation.id };
      const events = [
        createEvent(InvitationReminded, { ...invitation.recipient, reminder, tokenHash: token.hash, remindedAt: now.toISOString() }, origin),
        invitationEmailRequested(invitation.apply(change), { token, portalBaseUrl: this.config.PORTAL_BASE_URL, firmName: firm.name, reminder }, origin),
      ];
      if (await this.invitations.applyChange(invitation, change, events)) reminded++;
    }
    return reminded;
  }
}
