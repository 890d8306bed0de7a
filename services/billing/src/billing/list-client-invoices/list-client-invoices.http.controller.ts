import { Controller, Get, Param, UseFilters } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { BillingErrorsHttpFilter } from '../billing-errors.http-filter';
import { InvoiceListResponseDto, InvoiceResponseDto } from '../invoice.response.dto';
import { ListClientInvoicesService } from './list-client-invoices.service';

@ApiTags('billing')
@Roles('staff')
@UseFilters(BillingErrorsHttpFilter)
@Controller('clients/:clientId/invoices')
export class ListClientInvoicesHttpController {
  constructor(private readonly listInvoices: ListClientInvoicesService) {}

  @Get()
  @ApiOkResponse({ type: InvoiceListResponseDto, description: 'Every invoice of the client (drafts and void ones included), newest first.' })
  @ApiNotFoundResponse({ description: "No such client in your firm (another firm's client looks the same)." })
  async list(@CurrentUser() principal: Principal, @Param('clientId') clientId: string): Promise<InvoiceListResponseDto> {
    const invoices = await this.listInvoices.execute(firmScope(principal), clientId);
    return { items: invoices.map(InvoiceResponseDto.from) };
  }
}
