import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiProperty, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { SelfServeReissueRequestDto } from './self-serve-reissue.request.dto';
import { SelfServeReissueService } from './self-serve-reissue.service';

export class SelfServeReissueResponseDto {
  @ApiProperty({ example: 'If this link can be renewed, a new one is on its way to the address it was sent to.' })
  message!: string;
}

const ANSWER: SelfServeReissueResponseDto = { message: 'If this link can be renewed, a new one is on its way to the address it was sent to.' };

@ApiTags('invitations')
@Controller()
export class SelfServeReissueHttpController {
  constructor(private readonly selfServe: SelfServeReissueService) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('reissue')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: SelfServeReissueResponseDto,
    description:
      'Always the same answer, whatever the token: when it is a link of an expired or pending invitation (neither accepted nor revoked, its address not invited anew), a new link is emailed to the invited address (at most a few per invitation per day).',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many requests from this address (per minute); Retry-After says when to try again.' })
  async reissue(@CorrelationId() correlationId: string, @Body() body: SelfServeReissueRequestDto): Promise<SelfServeReissueResponseDto> {
    await this.selfServe.execute(body.token, correlationId);
    return ANSWER;
  }
}
