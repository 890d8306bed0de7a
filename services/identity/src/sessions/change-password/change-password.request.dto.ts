import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class ChangePasswordRequestDto {
  @ApiProperty({ description: 'Only verified, never re-judged by the policy.' })
  @IsString()
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({ minLength: 12, maxLength: 1024, description: 'Same policy as a new login: at least 12 characters, not a common password.' })
  @IsString()
  @MaxLength(1024)
  newPassword!: string;
}

export class ChangePasswordResponseDto {
  @ApiProperty({
    description:
      'Every other session of the login is ended. True when the calling session was recognised and kept (its refresh token keeps working); false when every session was ended, this one included (log in again).',
  })
  currentSessionKept!: boolean;
}
