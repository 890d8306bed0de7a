import { ApiProperty } from '@nestjs/swagger';
import { PaymentResponseDto } from '../invoice.response.dto';

export class PortalSummaryResponseDto {
  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ description: 'What the client owes on open invoices, in integer minor units.' })
  balanceMinor!: number;

  @ApiProperty()
  openInvoiceCount!: number;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Earliest due date of the open invoices.' })
  nextDueDate!: string | null;
}

export class PortalPaymentResponseDto extends PaymentResponseDto {
  @ApiProperty()
  invoiceId!: string;

  @ApiProperty({ example: 'INV-000001' })
  invoiceNumber!: string;
}

export class PortalPaymentListResponseDto {
  @ApiProperty({ type: [PortalPaymentResponseDto], description: 'Newest first (by paidAt).' })
  items!: PortalPaymentResponseDto[];
}
