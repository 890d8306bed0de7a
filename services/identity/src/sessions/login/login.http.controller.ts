import { Body, Controller, HttpCode, Post, UnauthorizedException, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '@portico/auth';
import { TokenPairDto } from '../session-issuer';
import { LoginRequestDto } from './login.request.dto';
import { InvalidCredentialsError, LoginService } from './login.service';

@ApiTags('auth')
@Controller('auth')
export class LoginHttpController {
  constructor(private readonly login: LoginService) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Invalid email or password (the same answer for both).' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this email from this address.' })
  async handle(@Body() body: LoginRequestDto): Promise<TokenPairDto> {
    try {
      return await this.login.execute(body.email, body.password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }
}
