import { ApiProperty } from '@nestjs/swagger';
import type { ClientBillingSetting } from '../domain/billing-settings';

export class ClientSettingsResponseDto implements ClientBillingSetting {
  @ApiProperty()
  clientId!: string;

  @ApiProperty({ description: 'Whether the client sees invoices, balance and payments in the portal.' })
  billingInPortal!: boolean;

  @ApiProperty({ enum: ['client', 'firm-default'], description: "`client`: set for this client; `firm-default`: follows the firm's `billingInPortalDefault`." })
  source!: 'client' | 'firm-default';
}
