import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class AcceptInvitationRequestDto {
  @ApiProperty({
    description: 'A new password when the invited email has no login (at least 12 characters, not a common password); otherwise the existing login’s password.',
    maxLength: 1024,
  })
  @IsString()
  @MaxLength(1024)
  password!: string;
}
