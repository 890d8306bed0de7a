import { Controller, Get, Header } from '@nestjs/common';
import { ApiGoneResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '@portico/auth';
import { RateLimited } from '../../rate-limits';
import { invitationRefusal, isInvitationRefusal } from '../invitation-refusals';
import { LinkToken } from '../link-token';
import { ViewInvitationService } from './view-invitation.service';

export class InvitationViewDto {
  @ApiProperty()
  firmName!: string;

  @ApiProperty({ description: 'The invited email: the only one this link can create a login for or add the portal to.' })
  email!: string;

  @ApiProperty({ description: 'True: accept with the existing password of that login. False: accept with a new password.' })
  hasLogin!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: string;
}

@ApiTags('invitations')
@Controller('invitations')
export class ViewInvitationHttpController {
  constructor(private readonly view: ViewInvitationService) {}

  @Public()
  @RateLimited('invitation')
  @Get(':token')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The invitation behind a link (GET or HEAD). Never consumes the token.' })
  @ApiParam({ name: 'token', type: String, description: 'The one-time token of the invitation link.' })
  @ApiOkResponse({ type: InvitationViewDto })
  @ApiNotFoundResponse({ description: '`reason: "unknown"`: no invitation has this token.' })
  @ApiGoneResponse({
    description:
      '`reason`: "used" (accepted already), "revoked" (withdrawn by the firm), or "expired" (`canRequestNewLink: true` and `reissue: { method: "POST", href: "/api/invitations/reissue" }`: POST `{ token }` there emails a fresh link to the invited address). A link replaced by a resend is unknown (404).',
  })
  async handle(@LinkToken() token: string): Promise<InvitationViewDto> {
    try {
      const { firmName, email, hasLogin, expiresAt } = await this.view.execute(token);
      return { firmName, email, hasLogin, expiresAt: expiresAt.toISOString() };
    } catch (error) {
      if (isInvitationRefusal(error)) throw invitationRefusal(error);
      throw error;
    }
  }
}
