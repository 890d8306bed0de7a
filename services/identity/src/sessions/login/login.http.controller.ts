import { Body, Controller, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { RateLimited } from '../../rate-limits';
import { TokenPairDto } from '../session-issuer';
import { LoginRequestDto } from './login.request.dto';
import { InvalidCredentialsError, LoginService } from './login.service';

@ApiTags('auth')
@Controller('auth')
export class LoginHttpController {
  constructor(private readonly login: LoginService) {}

  @Public()
  @RateLimited('login')
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Invalid email or password (the same answer for both).' })
  async handle(@CorrelationId() correlationId: string, @Body() body: LoginRequestDto): Promise<TokenPairDto> {
    try {
      return await this.login.execute(body.email, body.password, correlationId);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }
}
