import { ApiProperty } from '@nestjs/swagger';
import { PortalSessionDto } from '../../sessions/enter-portal/enter-portal.response.dto';

export class AcceptInvitationResponseDto extends PortalSessionDto {
  @ApiProperty({ description: 'True when this acceptance created the login.' })
  newAccount!: boolean;
}
