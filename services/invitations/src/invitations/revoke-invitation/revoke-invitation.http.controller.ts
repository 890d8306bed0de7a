import { ConflictException, Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { InvitationResponseDto } from '../invitation.response.dto';
import { RevokeInvitationService } from './revoke-invitation.service';

@ApiTags('invitations')
@Roles('staff')
@Controller('invitations')
export class RevokeInvitationHttpController {
  constructor(private readonly revokeInvitation: RevokeInvitationService) {}

  @Post(':invitationId/revoke')
  @HttpCode(200)
  @ApiOkResponse({
    type: InvitationResponseDto,
    description: 'Revoked: the link stops working as soon as identity has applied InvitationRevoked; a scheduled one is never sent.',
  })
  @ApiNotFoundResponse({ description: "No such invitation in your firm (another firm's looks the same)." })
  @ApiConflictResponse({ description: 'Only a scheduled, pending, sent or delivery_failed invitation can be revoked; the message names its status.' })
  async revoke(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Param('invitationId') invitationId: string,
  ): Promise<InvitationResponseDto> {
    const firmId = firmScope(principal);
    const now = new Date();
    const outcome = await this.revokeInvitation.execute(firmId, invitationId, principal.userId, { firmId, correlationId }, now);
    switch (outcome.kind) {
      case 'notFound':
        throw new NotFoundException('Invitation not found');
      case 'refused':
        throw new ConflictException(
          `The invitation is ${outcome.invitation.statusAt(now)}: only a scheduled, pending, sent or delivery_failed invitation can be revoked`,
        );
      case 'changed':
        return InvitationResponseDto.from(outcome.invitation, now);
    }
  }
}
