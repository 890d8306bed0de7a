import { Body, Controller, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@portico/auth';
import { InvalidRefreshTokenError } from '../refresh-token-rotation';
import { TokenPairDto } from '../session-issuer';
import { RefreshRequestDto } from './refresh.request.dto';
import { RefreshService } from './refresh.service';

@ApiTags('auth')
@Controller('auth')
export class RefreshHttpController {
  constructor(private readonly refresh: RefreshService) {}

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired, revoked or already used refresh token.' })
  async handle(@Body() body: RefreshRequestDto): Promise<TokenPairDto> {
    try {
      return await this.refresh.execute(body.refreshToken);
    } catch (error) {
      if (error instanceof InvalidRefreshTokenError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }
}
