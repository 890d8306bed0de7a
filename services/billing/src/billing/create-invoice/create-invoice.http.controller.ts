import { Body, Controller, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { BillingErrorsHttpFilter } from '../billing-errors.http-filter';
import { InvoiceResponseDto } from '../invoice.response.dto';
import { CreateInvoiceRequestDto } from './create-invoice.request.dto';
import { CreateInvoiceService } from './create-invoice.service';

@ApiTags('billing')
@Roles('staff')
@UseFilters(BillingErrorsHttpFilter)
@Controller('clients/:clientId/invoices')
export class CreateInvoiceHttpController {
  constructor(private readonly createInvoice: CreateInvoiceService) {}

  @Post()
  @ApiCreatedResponse({ type: InvoiceResponseDto, description: "A draft in the firm's currency: priced, not visible to the client, not owed until issued." })
  @ApiBadRequestResponse({ description: 'Validation failed: `errors` names each field and rule (`lineItems.0.quantity` / `min`...).' })
  @ApiNotFoundResponse({ description: "No such client in your firm (another firm's client looks the same)." })
  @ApiUnprocessableEntityResponse({ description: 'The total would exceed 2^53 - 1 minor units (`lineItems` / `maxTotal`).' })
  async create(@CurrentUser() principal: Principal, @Param('clientId') clientId: string, @Body() body: CreateInvoiceRequestDto): Promise<InvoiceResponseDto> {
    const invoice = await this.createInvoice.execute({
      firmId: firmScope(principal),
      clientId,
      dueDate: body.dueDate,
      lineItems: body.lineItems.map((line) => ({ ...line, taxRateBasisPoints: line.taxRateBasisPoints ?? 0 })),
      memo: body.memo?.trim() || null,
      createdBy: principal.userId,
    });
    return InvoiceResponseDto.from(invoice);
  }
}
