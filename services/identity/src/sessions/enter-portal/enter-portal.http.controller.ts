import { Body, Controller, ForbiddenException, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@portico/auth';
import { CorrelationId, fieldErrors } from '@portico/platform';
import { InvalidRefreshTokenError } from '../refresh-token-rotation';
import { EnterPortalRequestDto } from './enter-portal.request.dto';
import { PortalSessionDto } from './enter-portal.response.dto';
import { EnterPortalService, NoSuchPortalError, PortalNotChosenError } from './enter-portal.service';

@ApiTags('auth')
@Controller('auth')
export class EnterPortalHttpController {
  constructor(private readonly enterPortal: EnterPortalService) {}

  /** Public like /auth/refresh: the refresh token is the credential. */
  @Public()
  @Post('portal')
  @HttpCode(200)
  @ApiOkResponse({ type: PortalSessionDto, description: 'Tokens scoped to the portal: role client with firmId, clientId and contactId claims.' })
  @ApiBadRequestResponse({ description: 'Several client records at that firm and no clientId (`errors[].field` = `clientId`).' })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired, revoked or already used refresh token.' })
  @ApiForbiddenResponse({ description: 'This login has no portal at that firm (the refresh token stays valid).' })
  async handle(@CorrelationId() correlationId: string, @Body() body: EnterPortalRequestDto): Promise<PortalSessionDto> {
    try {
      return await this.enterPortal.execute(body, correlationId);
    } catch (error) {
      if (error instanceof InvalidRefreshTokenError) throw new UnauthorizedException(error.message);
      if (error instanceof NoSuchPortalError) throw new ForbiddenException(error.message);
      if (error instanceof PortalNotChosenError) {
        throw fieldErrors([{ field: 'clientId', rule: 'required', message: error.message }]);
      }
      throw error;
    }
  }
}
