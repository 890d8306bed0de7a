import { Body, ConflictException, Controller, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { EmailTakenError } from '../domain/account.repositories';
import { WeakPasswordError } from '../password-policy/password-policy';
import { passwordPolicyException } from '../password-policy/password-policy.exception';
import { SignUpFirmRequestDto } from './sign-up-firm.request.dto';
import { SignUpFirmResponseDto } from './sign-up-firm.response.dto';
import { SignUpFirmService } from './sign-up-firm.service';

@ApiTags('firms')
@Controller('firms')
export class SignUpFirmHttpController {
  constructor(private readonly signUp: SignUpFirmService) {}

  @Public()
  @Post()
  @ApiCreatedResponse({ type: SignUpFirmResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid field, or a password shorter than 12 characters or too common (`errors[].field` = `password`).' })
  @ApiConflictResponse({ description: 'The email cannot be used for a new account.' })
  async create(@CorrelationId() correlationId: string, @Body() body: SignUpFirmRequestDto): Promise<SignUpFirmResponseDto> {
    try {
      return await this.signUp.execute(body, correlationId);
    } catch (error) {
      // Says no more than that this email cannot be used (not who owns it, nor which firm).
      if (error instanceof WeakPasswordError) throw passwordPolicyException(error.violation);
      if (error instanceof EmailTakenError) throw new ConflictException('This email cannot be used to sign up');
      throw error;
    }
  }
}
