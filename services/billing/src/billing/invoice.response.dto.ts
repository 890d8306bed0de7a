import { ApiProperty } from '@nestjs/swagger';
import { Invoice, INVOICE_STATUSES, InvoiceStatus, Payment, PAYMENT_METHODS, PaymentMethod } from './domain/invoice';
import type { PricedLine } from './domain/money';

const MINOR = 'Integer minor units (cents) of the invoice currency.';

export class LineItemResponseDto {
  @ApiProperty()
  description!: string;

  @ApiProperty({ minimum: 1 })
  quantity!: number;

  @ApiProperty({ description: MINOR })
  unitPriceMinor!: number;

  @ApiProperty({ description: '1/100 of a percent: 825 = 8.25 %.' })
  taxRateBasisPoints!: number;

  @ApiProperty({ description: 'quantity x unitPriceMinor.' })
  subtotalMinor!: number;

  @ApiProperty({ description: 'subtotal x rate, rounded half up to a minor unit.' })
  taxMinor!: number;

  @ApiProperty()
  totalMinor!: number;

  static from(line: PricedLine): LineItemResponseDto {
    const { description, quantity, unitPriceMinor, taxRateBasisPoints, subtotalMinor, taxMinor, totalMinor } = line;
    return { description, quantity, unitPriceMinor, taxRateBasisPoints, subtotalMinor, taxMinor, totalMinor };
  }
}

export class PaymentResponseDto {
  @ApiProperty()
  paymentId!: string;

  @ApiProperty({ description: MINOR })
  amountMinor!: number;

  @ApiProperty({ enum: PAYMENT_METHODS })
  method!: PaymentMethod;

  @ApiProperty({ format: 'date-time' })
  paidAt!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Check number, processor charge id...' })
  reference!: string | null;

  static from(payment: Payment): PaymentResponseDto {
    return {
      paymentId: payment.paymentId,
      amountMinor: payment.amountMinor,
      method: payment.method,
      paidAt: payment.paidAt.toISOString(),
      reference: payment.reference,
    };
  }
}

export class InvoiceResponseDto {
  @ApiProperty()
  invoiceId!: string;

  @ApiProperty()
  clientId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'INV-000001', description: 'Assigned when issued.' })
  number!: string | null;

  @ApiProperty({ enum: INVOICE_STATUSES, description: 'draft -> open -> paid; draft or open without payments -> void.' })
  status!: InvoiceStatus;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ type: [LineItemResponseDto] })
  lineItems!: LineItemResponseDto[];

  @ApiProperty({ description: MINOR })
  subtotalMinor!: number;

  @ApiProperty()
  taxMinor!: number;

  @ApiProperty()
  totalMinor!: number;

  @ApiProperty()
  paidMinor!: number;

  @ApiProperty({ description: 'What is still owed (0 once paid or void).' })
  balanceMinor!: number;

  @ApiProperty({ format: 'date', example: '2026-03-31' })
  dueDate!: string;

  @ApiProperty({ type: String, nullable: true })
  memo!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  issuedAt!: string | null;

  @ApiProperty({ type: [PaymentResponseDto], description: 'Oldest first.' })
  payments!: PaymentResponseDto[];

  static from({ props }: Invoice): InvoiceResponseDto {
    return {
      invoiceId: props.id,
      clientId: props.clientId,
      number: props.number,
      status: props.status,
      currency: props.currency,
      lineItems: props.lineItems.map(LineItemResponseDto.from),
      subtotalMinor: props.subtotalMinor,
      taxMinor: props.taxMinor,
      totalMinor: props.totalMinor,
      paidMinor: props.paidMinor,
      balanceMinor: props.balanceMinor,
      dueDate: props.dueDate,
      memo: props.memo,
      issuedAt: props.issuedAt?.toISOString() ?? null,
      payments: props.payments.map(PaymentResponseDto.from),
    };
  }
}

export class InvoiceListResponseDto {
  @ApiProperty({ type: [InvoiceResponseDto], description: 'Newest first.' })
  items!: InvoiceResponseDto[];
}
