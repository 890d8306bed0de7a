import { ApiProperty } from '@nestjs/swagger';
import { PortalDto } from '../../accounts/portal.dto';
import { TokenPairDto } from '../session-issuer';

export class PortalSessionDto extends TokenPairDto {
  @ApiProperty({ type: PortalDto, description: 'The portal the access token (and the refresh tokens after it) are scoped to.' })
  portal!: PortalDto;
}
