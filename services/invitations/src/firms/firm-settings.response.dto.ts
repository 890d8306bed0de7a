import { ApiProperty } from '@nestjs/swagger';
import {
  DEFAULT_EXPIRY_DAYS,
  DEFAULT_REMINDER_DAYS,
  DEFAULT_RESENDS_PER_DAY,
  FirmSettings,
  MAX_EXPIRY_DAYS,
  MAX_REMINDER_DAY,
  MAX_REMINDERS,
  MAX_RESENDS_PER_DAY,
  MIN_EXPIRY_DAYS,
  MIN_REMINDER_DAY,
} from './domain/firm-settings';

export class FirmSettingsResponseDto implements FirmSettings {
  @ApiProperty({
    minimum: MIN_EXPIRY_DAYS,
    maximum: MAX_EXPIRY_DAYS,
    default: DEFAULT_EXPIRY_DAYS,
    description: 'Days an invitation link stays valid, counted from when it is issued (or resent).',
  })
  expiryDays!: number;

  @ApiProperty({
    minimum: 0,
    maximum: MAX_RESENDS_PER_DAY,
    default: DEFAULT_RESENDS_PER_DAY,
    description: 'Staff resends of one invitation per rolling day; over it, 429 with Retry-After.',
  })
  resendsPerDay!: number;

  @ApiProperty({
    type: [Number],
    default: DEFAULT_REMINDER_DAYS,
    maxItems: MAX_REMINDERS,
    description: `Automatic reminders of a pending invitation, in days after its first send: ascending, each ${MIN_REMINDER_DAY}..${MAX_REMINDER_DAY}; [] = none. Applies to invitations issued afterwards.`,
  })
  reminderDays!: number[];
}
