import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsISO4217CurrencyCode, Matches, ValidateIf } from 'class-validator';

/** Fields left out stay as they are. */
export class UpdateFirmSettingsRequestDto {
  @ApiProperty({ required: false, example: 'EUR', description: 'ISO 4217. Only while the firm has no invoices (409 otherwise).' })
  @ValidateIf((_object, value) => value !== undefined)
  // class-validator's ISO 4217 check ignores case; codes are upper case (as the events carry them).
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be 3 upper-case letters' })
  @IsISO4217CurrencyCode()
  currency?: string;

  @ApiProperty({ required: false })
  @ValidateIf((_object, value) => value !== undefined)
  @IsBoolean()
  billingInPortalDefault?: boolean;

  @ApiProperty({ required: false })
  @ValidateIf((_object, value) => value !== undefined)
  @IsBoolean()
  contactsSeeBilling?: boolean;
}
