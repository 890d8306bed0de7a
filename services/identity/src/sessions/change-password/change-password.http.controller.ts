import { Body, Controller, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentUser, Principal } from '@portico/auth';
import { WeakPasswordError } from '../../accounts/password-policy/password-policy';
import { passwordPolicyException } from '../../accounts/password-policy/password-policy.exception';
import { RateLimited } from '../../rate-limits';
import { AccessTokenId } from '../access-token-id.decorator';
import { ChangePasswordRequestDto } from './change-password.request.dto';
import { ChangePasswordResponseDto } from './change-password.response.dto';
import { ChangePasswordService, WrongPasswordError } from './change-password.service';

@ApiTags('me')
@Controller('me')
export class ChangePasswordHttpController {
  constructor(private readonly changePassword: ChangePasswordService) {}

  @RateLimited('password')
  @Post('password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the password (current one required); ends every other session of the login' })
  @ApiOkResponse({ type: ChangePasswordResponseDto })
  @ApiBadRequestResponse({ description: "`errors: [{field: 'newPassword', rule: 'minLength' | 'notCommon'}]`" })
  @ApiUnauthorizedResponse({ description: "Wrong current password: `code: 'wrong_password'` (or a missing/invalid access token, without a code)." })
  async handle(
    @CurrentUser() principal: Principal,
    @AccessTokenId() accessTokenId: string | undefined,
    @Body() body: ChangePasswordRequestDto,
  ): Promise<ChangePasswordResponseDto> {
    try {
      return await this.changePassword.execute({
        userId: principal.userId,
        accessTokenId,
        currentPassword: body.currentPassword,
        newPassword: body.newPassword,
      });
    } catch (error) {
      if (error instanceof WeakPasswordError) throw passwordPolicyException(error.violation, 'newPassword');
      if (error instanceof WrongPasswordError)
        throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'wrong_password', message: error.message });
      throw error;
    }
  }
}
