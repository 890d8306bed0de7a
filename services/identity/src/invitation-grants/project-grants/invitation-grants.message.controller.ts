import { Controller, Logger } from '@nestjs/common';
import { type EnvelopeOf, InvitationIssued, InvitationReissued, InvitationReminded, InvitationRevoked } from '@portico/contracts';
import { OnEvent } from '@portico/messaging';
import { normalizeEmail } from '../../accounts/domain/user';
import { InvitationGrantRepository } from '../domain/invitation-grant.repository';

/**
 * Keeps the grant projection in step with the invitations service. Every write is an
 * idempotent state assignment (never an increment), so a redelivered event changes nothing.
 * The events of one invitation share its key, so they arrive in order: a resend replaces the
 * links the grant had (a replaced link is then unknown, 404), a reminder adds one.
 */
@Controller()
export class InvitationGrantsMessageController {
  private readonly logger = new Logger(InvitationGrantsMessageController.name);

  constructor(private readonly grants: InvitationGrantRepository) {}

  @OnEvent(InvitationIssued)
  async issued(event: EnvelopeOf<typeof InvitationIssued>): Promise<void> {
    const { invitationId, tokenHash, clientId, contactId, recipientKind, email, expiresAt } = event.payload;
    await this.grants.applyIssued({
      invitationId,
      tokenHash,
      firmId: event.firmId,
      clientId,
      contactId,
      recipientKind,
      email: normalizeEmail(email),
      expiresAt: new Date(expiresAt),
    });
  }

  @OnEvent(InvitationReissued)
  async reissued(event: EnvelopeOf<typeof InvitationReissued>): Promise<void> {
    const { invitationId, tokenHash, expiresAt } = event.payload;
    const known = await this.grants.applyReissued({ invitationId, firmId: event.firmId, tokenHash, expiresAt: new Date(expiresAt) });
    if (!known) this.logger.warn(`InvitationReissued ${event.id} names invitation ${invitationId}, unknown in firm ${event.firmId}: ignored`);
  }

  @OnEvent(InvitationReminded)
  async reminded(event: EnvelopeOf<typeof InvitationReminded>): Promise<void> {
    const { invitationId, tokenHash } = event.payload;
    const known = await this.grants.applyReminded({ invitationId, firmId: event.firmId, tokenHash });
    if (!known) this.logger.warn(`InvitationReminded ${event.id} names invitation ${invitationId}, unknown in firm ${event.firmId}: ignored`);
  }

  @OnEvent(InvitationRevoked)
  async revoked(event: EnvelopeOf<typeof InvitationRevoked>): Promise<void> {
    const { invitationId, clientId, contactId, email } = event.payload;
    await this.grants.applyRevoked({
      invitationId,
      firmId: event.firmId,
      clientId,
      contactId,
      email: normalizeEmail(email),
      revokedAt: new Date(event.occurredAt),
    });
  }
}
