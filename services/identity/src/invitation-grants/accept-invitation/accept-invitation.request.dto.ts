import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { PortalSessionDto } from '../../sessions/enter-portal/enter-portal.request.dto';

export class AcceptInvitationRequestDto {
  @ApiProperty({
    description: 'A new password when the invited email has no login (at least 12 characters, not a common password); otherwise the existing login’s password.',
    maxLength: 1024,
  })
  @IsString()
  @MaxLength(1024)
  password!: string;
}

export class AcceptInvitationResponseDto extends PortalSessionDto {
  @ApiProperty({ description: 'True when this acceptance created the login.' })
  newAccount!: boolean;
}
