import { Controller, Get, Param, UseFilters } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { BillingErrorsHttpFilter } from '../billing-errors.http-filter';
import { InvoiceResponseDto } from '../invoice.response.dto';
import { GetInvoiceService } from './get-invoice.service';

@ApiTags('billing')
@Roles('staff')
@UseFilters(BillingErrorsHttpFilter)
@Controller('invoices')
export class GetInvoiceHttpController {
  constructor(private readonly getInvoice: GetInvoiceService) {}

  @Get(':invoiceId')
  @ApiOkResponse({ type: InvoiceResponseDto })
  @ApiNotFoundResponse({ description: "No such invoice in your firm (another firm's looks the same)." })
  async get(@CurrentUser() principal: Principal, @Param('invoiceId') invoiceId: string): Promise<InvoiceResponseDto> {
    return InvoiceResponseDto.from(await this.getInvoice.execute(firmScope(principal), invoiceId));
  }
}
