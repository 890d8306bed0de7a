import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PortalDto } from '../../accounts/portal.dto';
import { TokenPairDto } from '../session-issuer';

export class EnterPortalRequestDto {
  @ApiProperty({ description: 'The current refresh token; it is spent and the new pair continues its session.' })
  @IsString()
  @MaxLength(128)
  refreshToken!: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  firmId!: string;

  @ApiPropertyOptional({ description: 'Needed only when this login holds several client records at that firm.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  clientId?: string;
}

export class PortalSessionDto extends TokenPairDto {
  @ApiProperty({ type: PortalDto, description: 'The portal the access token (and the refresh tokens after it) are scoped to.' })
  portal!: PortalDto;
}
