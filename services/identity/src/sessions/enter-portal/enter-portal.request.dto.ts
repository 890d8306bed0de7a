import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

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
