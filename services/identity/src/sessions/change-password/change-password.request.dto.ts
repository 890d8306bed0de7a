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
