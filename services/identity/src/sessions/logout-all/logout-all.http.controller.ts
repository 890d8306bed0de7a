import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '@portico/auth';
import { UserSettingsRepository } from '../../accounts/domain/account.repositories';

@ApiTags('auth')
@Controller('auth')
export class LogoutAllHttpController {
  constructor(private readonly settings: UserSettingsRepository) {}

  @Post('logout-all')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Log out of every session',
    description:
      'Every refresh token of the login is refused from now on. Access tokens already issued stay valid until they expire (ACCESS_TOKEN_TTL_SECONDS, 15 minutes by default).',
  })
  @ApiNoContentResponse({ description: 'Every session ended.' })
  async handle(@CurrentUser() principal: Principal): Promise<void> {
    await this.settings.endSessions(principal.userId, { at: new Date(), keptFamilyId: null });
  }
}
