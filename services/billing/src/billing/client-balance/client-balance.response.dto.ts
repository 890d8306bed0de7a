import { ApiProperty } from '@nestjs/swagger';

export class ClientBalanceResponseDto {
  @ApiProperty()
  clientId!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ description: 'Sum of the balances of the open invoices, in integer minor units.' })
  balanceMinor!: number;

  @ApiProperty()
  openInvoiceCount!: number;
}
