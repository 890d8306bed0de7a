import { invitationTokenHash } from '@portico/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InvitationRepository } from '../domain/invitation.repository';
import { ReissueLinkService } from '../reissue-link/reissue-link.service';

/**
 * "Send me a fresh link", asked from an expired (or still pending) invitation's page by whoever
 * holds the link. The new link goes to the invited address only, so holding an old link gives
 * nothing but a new email to its owner. The caller learns nothing of what happened.
 */
@Injectable()
export class SelfServeReissueService {
  private readonly logger = new Logger(SelfServeReissueService.name);

  constructor(
    private readonly invitations: InvitationRepository,
    private readonly reissueLink: ReissueLinkService,
  ) {}

  async execute(token: string, correlationId: string, now = new Date()): Promise<void> {
    try {
      const outcome = await this.reissueLink.execute(() => this.invitations.findByTokenHash(invitationTokenHash(token)), 'self-serve', correlationId, now);
      if (outcome.kind !== 'notFound') this.logger.log(`Self-serve re-issue of a known link: ${outcome.kind}`);
    } catch (error) {
      // Still answered like every other case; the failure is for us to look at.
      this.logger.error(`Self-serve re-issue failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
