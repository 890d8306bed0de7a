import { Body, ConflictException, Controller, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@portico/auth';
import { EmailTakenError } from '../domain/account.repositories';
import { SignUpFirmRequestDto, SignUpFirmResponseDto } from './sign-up-firm.request.dto';
import { SignUpFirmService } from './sign-up-firm.service';

@ApiTags('firms')
@Controller('firms')
export class SignUpFirmHttpController {
  constructor(private readonly signUp: SignUpFirmService) {}

  @Public()
  @Post()
  @ApiCreatedResponse({ type: SignUpFirmResponseDto })
  @ApiConflictResponse({ description: 'The email cannot be used for a new account.' })
  async create(@Body() body: SignUpFirmRequestDto): Promise<SignUpFirmResponseDto> {
    try {
      return await this.signUp.execute(body);
    } catch (error) {
      // Says no more than that this email cannot be used (not who owns it, nor which firm).
      if (error instanceof EmailTakenError) throw new ConflictException('This email cannot be used to sign up');
      throw error;
    }
  }
}
