import { ApiProperty } from '@nestjs/swagger';
import { DEFAULT_EXPIRY_DAYS, FirmSettings, MAX_EXPIRY_DAYS, MIN_EXPIRY_DAYS } from './domain/firm-settings';

export class FirmSettingsResponseDto implements FirmSettings {
  @ApiProperty({ minimum: MIN_EXPIRY_DAYS, maximum: MAX_EXPIRY_DAYS, default: DEFAULT_EXPIRY_DAYS, description: 'Days an invitation link stays valid, counted from when it is issued.' })
  expiryDays!: number;
}
