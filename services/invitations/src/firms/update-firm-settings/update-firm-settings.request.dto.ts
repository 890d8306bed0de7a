import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_EXPIRY_DAYS, MIN_EXPIRY_DAYS } from '../domain/firm-settings';

export class UpdateFirmSettingsRequestDto {
  @ApiProperty({ required: false, minimum: MIN_EXPIRY_DAYS, maximum: MAX_EXPIRY_DAYS, example: 14, description: 'Applies to invitations issued from now on.' })
  @IsOptional()
  @IsInt()
  @Min(MIN_EXPIRY_DAYS)
  @Max(MAX_EXPIRY_DAYS)
  expiryDays?: number;
}
