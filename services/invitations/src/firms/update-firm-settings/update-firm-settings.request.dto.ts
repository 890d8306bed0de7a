import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { isAscending, MAX_EXPIRY_DAYS, MAX_REMINDER_DAY, MAX_REMINDERS, MAX_RESENDS_PER_DAY, MIN_EXPIRY_DAYS, MIN_REMINDER_DAY } from '../domain/firm-settings';

export class UpdateFirmSettingsRequestDto {
  @ApiProperty({ required: false, minimum: MIN_EXPIRY_DAYS, maximum: MAX_EXPIRY_DAYS, example: 14, description: 'Applies to links issued from now on.' })
  @IsOptional()
  @IsInt()
  @Min(MIN_EXPIRY_DAYS)
  @Max(MAX_EXPIRY_DAYS)
  expiryDays?: number;

  @ApiProperty({
    required: false,
    minimum: 0,
    maximum: MAX_RESENDS_PER_DAY,
    example: 3,
    description: 'Staff resends of one invitation per rolling day (0: no resends).',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_RESENDS_PER_DAY)
  resendsPerDay?: number;

  @ApiProperty({
    required: false,
    type: [Number],
    maxItems: MAX_REMINDERS,
    example: [3, 7],
    description: `Days after the first send; ascending, each ${MIN_REMINDER_DAY}..${MAX_REMINDER_DAY}, at most ${MAX_REMINDERS}; [] turns reminders off.`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REMINDERS)
  @IsInt({ each: true })
  @Min(MIN_REMINDER_DAY, { each: true })
  @Max(MAX_REMINDER_DAY, { each: true })
  @ValidateBy({
    name: 'ascending',
    validator: {
      validate: (value: unknown) => Array.isArray(value) && isAscending(value as number[]),
      defaultMessage: () => 'reminderDays must be strictly ascending',
    },
  })
  reminderDays?: number[];
}
