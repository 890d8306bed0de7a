import { Controller } from '@nestjs/common';
import { InvitationEmailRequested, type EnvelopeOf } from '@portico/contracts';
import { OnEvent } from '@portico/messaging';
import { QueueInvitationEmailService } from './queue-invitation-email.service';

@Controller()
export class QueueInvitationEmailMessageController {
  constructor(private readonly queueInvitationEmail: QueueInvitationEmailService) {}

  @OnEvent(InvitationEmailRequested)
  async requested(event: EnvelopeOf<typeof InvitationEmailRequested>): Promise<void> {
    await this.queueInvitationEmail.execute(event);
  }
}
