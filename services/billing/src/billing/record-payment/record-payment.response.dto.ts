import { ApiProperty } from '@nestjs/swagger';
import { InvoiceResponseDto, PaymentResponseDto } from '../invoice.response.dto';

export class RecordPaymentResponseDto {
  @ApiProperty({ type: PaymentResponseDto })
  payment!: PaymentResponseDto;

  @ApiProperty({ type: InvoiceResponseDto, description: 'The invoice with the payment applied (paid once its balance is 0).' })
  invoice!: InvoiceResponseDto;
}
