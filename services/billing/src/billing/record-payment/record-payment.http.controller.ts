import { Body, Controller, Headers, Param, Post, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId, fieldErrors } from '@portico/platform';
import { BillingErrorsHttpFilter } from '../billing-errors.http-filter';
import { InvoiceResponseDto, PaymentResponseDto } from '../invoice.response.dto';
import { RecordPaymentRequestDto } from './record-payment.request.dto';
import { RecordPaymentResponseDto } from './record-payment.response.dto';
import { RecordPaymentService } from './record-payment.service';

/** 1-200 printable ASCII characters; null when the header is absent. */
function idempotencyKeyOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const key = header.trim();
  if (key.length > 0 && key.length <= 200 && /^[\x21-\x7e]+$/.test(key)) return key;
  const message = 'Idempotency-Key must be 1-200 printable ASCII characters';
  throw fieldErrors([{ field: 'Idempotency-Key', rule: 'idempotencyKey', message }]);
}

@ApiTags('billing')
@Roles('staff')
@UseFilters(BillingErrorsHttpFilter)
@Controller('invoices')
export class RecordPaymentHttpController {
  constructor(private readonly recordPayment: RecordPaymentService) {}

  @Post(':invoiceId/payments')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retrying with the same key returns the payment recorded the first time; it is never recorded twice.',
  })
  @ApiCreatedResponse({ type: RecordPaymentResponseDto })
  @ApiBadRequestResponse({ description: 'Validation failed: `errors` names each field and rule.' })
  @ApiNotFoundResponse({ description: "No such invoice in your firm (another firm's looks the same)." })
  @ApiConflictResponse({ description: 'The invoice is not open, or the Idempotency-Key was used for a different payment.' })
  @ApiUnprocessableEntityResponse({ description: 'More than the balance (`amountMinor` / `maxBalance`).' })
  async record(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyHeader: string | undefined,
    @Param('invoiceId') invoiceId: string,
    @Body() body: RecordPaymentRequestDto,
  ): Promise<RecordPaymentResponseDto> {
    const firmId = firmScope(principal);
    const idempotencyKey = idempotencyKeyOf(idempotencyHeader);
    const now = new Date();
    const { payment, invoice } = await this.recordPayment.execute(
      firmId,
      invoiceId,
      {
        amountMinor: body.amountMinor,
        method: body.method,
        paidAt: body.paidAt === undefined ? now : new Date(body.paidAt),
        reference: body.reference ?? null,
        recordedBy: principal.userId,
        idempotencyKey,
      },
      { firmId, correlationId },
      now,
    );
    return { payment: PaymentResponseDto.from(payment), invoice: InvoiceResponseDto.from(invoice) };
  }
}
