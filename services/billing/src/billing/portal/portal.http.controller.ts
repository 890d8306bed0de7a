import { Controller, Get, Param, UseFilters } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, portalScope, Principal, Roles } from '@portico/auth';
import { BillingErrorsHttpFilter } from '../billing-errors.http-filter';
import { InvoiceListResponseDto, InvoiceResponseDto, PaymentResponseDto } from '../invoice.response.dto';
import { PortalPaymentListResponseDto, PortalSummaryResponseDto } from './portal.response.dto';
import { PortalService } from './portal.service';

const NOT_ENABLED =
  '`{ code: "billing_not_enabled", message }` when billing is off for this client, or the caller is a linked contact and the firm does not let contacts see billing.';

/** The client's billing in the portal they entered (a portal-scoped client token). */
@ApiTags('billing portal')
@Roles('client')
@UseFilters(BillingErrorsHttpFilter)
@ApiForbiddenResponse({ description: NOT_ENABLED })
@Controller('portal')
export class PortalHttpController {
  constructor(private readonly portal: PortalService) {}

  @Get('summary')
  @ApiOkResponse({ type: PortalSummaryResponseDto })
  summary(@CurrentUser() principal: Principal): Promise<PortalSummaryResponseDto> {
    return this.portal.summary(portalScope(principal));
  }

  @Get('invoices')
  @ApiOkResponse({ type: InvoiceListResponseDto, description: 'Issued invoices (open, paid, void; never drafts), newest first.' })
  async invoices(@CurrentUser() principal: Principal): Promise<InvoiceListResponseDto> {
    return { items: (await this.portal.invoices(portalScope(principal))).map(InvoiceResponseDto.from) };
  }

  @Get('invoices/:invoiceId')
  @ApiOkResponse({ type: InvoiceResponseDto })
  @ApiNotFoundResponse({ description: "No such issued invoice of yours (a draft, or another client's, looks the same)." })
  async invoice(@CurrentUser() principal: Principal, @Param('invoiceId') invoiceId: string): Promise<InvoiceResponseDto> {
    return InvoiceResponseDto.from(await this.portal.invoice(portalScope(principal), invoiceId));
  }

  @Get('payments')
  @ApiOkResponse({ type: PortalPaymentListResponseDto })
  async payments(@CurrentUser() principal: Principal): Promise<PortalPaymentListResponseDto> {
    const payments = await this.portal.payments(portalScope(principal));
    return { items: payments.map(({ payment, invoiceId, invoiceNumber }) => ({ ...PaymentResponseDto.from(payment), invoiceId, invoiceNumber })) };
  }
}
