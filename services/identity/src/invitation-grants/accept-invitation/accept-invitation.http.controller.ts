import { Body, ConflictException, Controller, Header, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { WeakPasswordError } from '../../accounts/password-policy/password-policy';
import { passwordPolicyException } from '../../accounts/password-policy/password-policy.exception';
import { RateLimited } from '../../rate-limits';
import { invitationRefusal, isInvitationRefusal } from '../invitation-refusals';
import { LinkToken } from '../link-token';
import { AcceptInvitationRequestDto } from './accept-invitation.request.dto';
import { AcceptInvitationResponseDto } from './accept-invitation.response.dto';
import { AcceptInvitationService, LoginBusyError, LoginCreatedMeanwhileError, WrongExistingPasswordError } from './accept-invitation.service';

@ApiTags('invitations')
@Controller('invitations')
export class AcceptInvitationHttpController {
  constructor(private readonly accept: AcceptInvitationService) {}

  @Public()
  @RateLimited('invitation')
  @Post(':token/accept')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiParam({ name: 'token', type: String, description: 'The one-time token of the invitation link.' })
  @ApiOkResponse({ type: AcceptInvitationResponseDto, description: 'The portal is granted and the person is logged into it.' })
  @ApiBadRequestResponse({
    description:
      'New login: the password is shorter than 12 characters (`rule: "minLength"`) or too common (`rule: "notCommon"`); `errors[].field` = `password`.',
  })
  @ApiUnauthorizedResponse({ description: 'Existing login: the password is not that login’s.' })
  @ApiNotFoundResponse({ description: '`reason: "unknown"`: no invitation has this token.' })
  @ApiGoneResponse({ description: '`reason`: "used", "revoked" or "expired" (`canRequestNewLink: true`).' })
  @ApiConflictResponse({ description: 'A concurrent change of the same login; opening the link again resolves it.' })
  async handle(
    @CorrelationId() correlationId: string,
    @LinkToken() token: string,
    @Body() body: AcceptInvitationRequestDto,
  ): Promise<AcceptInvitationResponseDto> {
    try {
      return await this.accept.execute(token, body.password, correlationId);
    } catch (error) {
      if (isInvitationRefusal(error)) throw invitationRefusal(error);
      if (error instanceof WeakPasswordError) throw passwordPolicyException(error.violation);
      if (error instanceof WrongExistingPasswordError) throw new UnauthorizedException(error.message);
      if (error instanceof LoginCreatedMeanwhileError || error instanceof LoginBusyError) throw new ConflictException(error.message);
      throw error;
    }
  }
}
