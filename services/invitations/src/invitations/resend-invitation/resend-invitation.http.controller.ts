import { ConflictException, Controller, HttpCode, HttpException, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import type { Response } from 'express';
import { InvitationRepository } from '../domain/invitation.repository';
import { InvitationResponseDto } from '../invitation.response.dto';
import { ReissueLinkService } from '../reissue-link/reissue-link.service';

@ApiTags('invitations')
@Roles('staff')
@Controller('invitations')
export class ResendInvitationHttpController {
  constructor(
    private readonly reissueLink: ReissueLinkService,
    private readonly invitations: InvitationRepository,
  ) {}

  @Post(':invitationId/resend')
  @HttpCode(200)
  @ApiOkResponse({
    type: InvitationResponseDto,
    description:
      'A new link is emailed (status pending until its delivery is reported); every earlier link stops working once identity has applied InvitationReissued.',
  })
  @ApiNotFoundResponse({ description: "No such invitation in your firm (another firm's looks the same)." })
  @ApiConflictResponse({
    description:
      'Only a pending, sent, delivery_failed or expired invitation can be resent (not accepted, revoked or scheduled), and not once the address has a newer invitation.',
  })
  @ApiTooManyRequestsResponse({ description: "Over the firm's `resendsPerDay` for this invitation; Retry-After says when the next one is possible." })
  async resend(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Param('invitationId') invitationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InvitationResponseDto> {
    const firmId = firmScope(principal);
    const now = new Date();
    const outcome = await this.reissueLink.execute(() => this.invitations.findById(firmId, invitationId), 'resend', correlationId, now);
    switch (outcome.kind) {
      case 'notFound':
        throw new NotFoundException('Invitation not found');
      case 'refused':
        throw new ConflictException(
          `The invitation is ${outcome.invitation.statusAt(now)}: only a pending, sent, delivery_failed or expired invitation can be resent`,
        );
      case 'slotTaken':
        throw new ConflictException(`${outcome.invitation.props.email} has a newer invitation to your firm: resend that one`);
      case 'limited': {
        const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
        res.setHeader('Retry-After', String(seconds));
        throw new HttpException(
          {
            statusCode: 429,
            error: 'Too Many Requests',
            limit: 'resendsPerDay',
            message: `resendsPerDay: this invitation was resent ${outcome.limit} time(s) within a day, your firm's limit; try again in ${seconds} s`,
          },
          429,
        );
      }
      case 'reissued':
        return InvitationResponseDto.from(outcome.invitation, now);
    }
  }
}
