import { ApiProperty } from '@nestjs/swagger';
import { DEFAULT_FIRM_BILLING, FirmBillingSettings } from '../domain/billing-settings';

export class FirmSettingsResponseDto implements FirmBillingSettings {
  @ApiProperty({ example: 'USD', default: DEFAULT_FIRM_BILLING.currency, description: 'ISO 4217; every amount of the firm is in it.' })
  currency!: string;

  @ApiProperty({ default: DEFAULT_FIRM_BILLING.billingInPortalDefault, description: 'Billing in the portal for clients without a setting of their own.' })
  billingInPortalDefault!: boolean;

  @ApiProperty({
    default: DEFAULT_FIRM_BILLING.contactsSeeBilling,
    description: "Linked contacts see the client's billing too (when it is on for the client).",
  })
  contactsSeeBilling!: boolean;
}
