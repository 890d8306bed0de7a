import { Controller } from '@nestjs/common';
import { InvitationRequested, type EnvelopeOf } from '@portico/contracts';
import { OnEvent } from '@portico/messaging';
import { IssueInvitationService } from './issue-invitation.service';

@Controller()
export class IssueInvitationMessageController {
  constructor(private readonly issueInvitation: IssueInvitationService) {}

  @OnEvent(InvitationRequested)
  async requested(event: EnvelopeOf<typeof InvitationRequested>): Promise<void> {
    await this.issueInvitation.execute(event);
  }
}
