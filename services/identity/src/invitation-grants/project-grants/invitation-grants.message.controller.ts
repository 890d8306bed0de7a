import { Controller } from '@nestjs/common';
import { type EnvelopeOf, InvitationIssued, InvitationRevoked } from '@portico/contracts';
import { OnEvent } from '@portico/messaging';
import { normalizeEmail } from '../../accounts/domain/user';
import { InvitationGrantRepository } from '../domain/invitation-grant.repository';

/**
 * Keeps the grant projection in step with the invitations service. Both writes are
 * idempotent state assignments (never increments), so a redelivered event changes nothing.
 */
@Controller()
export class InvitationGrantsMessageController {
  constructor(private readonly grants: InvitationGrantRepository) {}

  @OnEvent(InvitationIssued)
  async issued(event: EnvelopeOf<typeof InvitationIssued>): Promise<void> {
    const { invitationId, tokenHash, clientId, contactId, recipientKind, email, expiresAt } = event.payload;
    await this.grants.applyIssued({ invitationId, tokenHash, firmId: event.firmId, clientId, contactId, recipientKind, email: normalizeEmail(email), expiresAt: new Date(expiresAt) });
  }

  @OnEvent(InvitationRevoked)
  async revoked(event: EnvelopeOf<typeof InvitationRevoked>): Promise<void> {
    const { invitationId, clientId, contactId, email } = event.payload;
    await this.grants.applyRevoked({ invitationId, firmId: event.firmId, clientId, contactId, email: normalizeEmail(email), revokedAt: new Date(event.occurredAt) });
  }
}
