import { Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { BillingErrorsHttpFilter } from '../billing-errors.http-filter';
import { InvoiceResponseDto } from '../invoice.response.dto';
import { IssueInvoiceService } from './issue-invoice.service';

@ApiTags('billing')
@Roles('staff')
@UseFilters(BillingErrorsHttpFilter)
@Controller('invoices')
export class IssueInvoiceHttpController {
  constructor(private readonly issueInvoice: IssueInvoiceService) {}

  @Post(':invoiceId/issue')
  @HttpCode(200)
  @ApiOkResponse({
    type: InvoiceResponseDto,
    description: 'Open, numbered (`INV-000001`, per firm), owed and visible to the client (if billing is on for them).',
  })
  @ApiNotFoundResponse({ description: "No such invoice in your firm (another firm's looks the same)." })
  @ApiConflictResponse({ description: 'Only a draft can be issued.' })
  async issue(@CurrentUser() principal: Principal, @CorrelationId() correlationId: string, @Param('invoiceId') invoiceId: string): Promise<InvoiceResponseDto> {
    const firmId = firmScope(principal);
    return InvoiceResponseDto.from(await this.issueInvoice.execute(firmId, invoiceId, { firmId, correlationId }));
  }
}
