import { Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { BillingErrorsHttpFilter } from '../billing-errors.http-filter';
import { InvoiceResponseDto } from '../invoice.response.dto';
import { VoidInvoiceService } from './void-invoice.service';

@ApiTags('billing')
@Roles('staff')
@UseFilters(BillingErrorsHttpFilter)
@Controller('invoices')
export class VoidInvoiceHttpController {
  constructor(private readonly voidInvoice: VoidInvoiceService) {}

  @Post(':invoiceId/void')
  @HttpCode(200)
  @ApiOkResponse({ type: InvoiceResponseDto, description: 'Void: nothing is owed on it any more (balance 0).' })
  @ApiNotFoundResponse({ description: "No such invoice in your firm (another firm's looks the same)." })
  @ApiConflictResponse({ description: 'Only a draft or an open invoice without payments can be voided.' })
  async void(@CurrentUser() principal: Principal, @CorrelationId() correlationId: string, @Param('invoiceId') invoiceId: string): Promise<InvoiceResponseDto> {
    const firmId = firmScope(principal);
    return InvoiceResponseDto.from(await this.voidInvoice.execute(firmId, invoiceId, principal.userId, { firmId, correlationId }));
  }
}
