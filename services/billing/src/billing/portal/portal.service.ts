import { Injectable } from '@nestjs/common';
import type { PortalScope } from '@portico/auth';
import { BillingNotEnabledError, InvoiceNotFoundError } from '../billing.errors';
import { clientBillingSetting, FirmBillingSettings, portalSeesBilling } from '../domain/billing-settings';
import { ClientBillingRepository, FirmBillingRepository, InvoiceRepository, OpenInvoiceSummary } from '../domain/billing.repositories';
import { Invoice, Payment } from '../domain/invoice';

export interface PortalPayment {
  payment: Payment;
  invoiceId: string;
  invoiceNumber: string;
}

/**
 * What a client (or a linked contact) sees of their billing in the portal: only their own
 * client's issued invoices (never drafts), and only when billing is on for them.
 */
@Injectable()
export class PortalService {
  constructor(
    private readonly firms: FirmBillingRepository,
    private readonly clients: ClientBillingRepository,
    private readonly invoiceRepository: InvoiceRepository,
  ) {}

  async summary(scope: PortalScope): Promise<OpenInvoiceSummary & { currency: string }> {
    const firm = await this.requireBilling(scope);
    return { currency: firm.currency, ...(await this.invoiceRepository.openSummary(scope.firmId, scope.clientId)) };
  }

  async invoices(scope: PortalScope): Promise<Invoice[]> {
    await this.requireBilling(scope);
    return this.issuedInvoices(scope);
  }

  async invoice(scope: PortalScope, invoiceId: string): Promise<Invoice> {
    await this.requireBilling(scope);
    const invoice = await this.invoiceRepository.findById(scope.firmId, invoiceId);
    if (!invoice || invoice.props.clientId !== scope.clientId || invoice.props.status === 'draft') throw new InvoiceNotFoundError();
    return invoice;
  }

  /** Every payment on the client's invoices, newest first. */
  async payments(scope: PortalScope): Promise<PortalPayment[]> {
    await this.requireBilling(scope);
    const payments = (await this.issuedInvoices(scope)).flatMap(({ props }) =>
      props.payments.map((payment) => ({ payment, invoiceId: props.id, invoiceNumber: props.number! })),
    );
    return payments.sort((a, b) => b.payment.paidAt.getTime() - a.payment.paidAt.getTime() || b.payment.paymentId.localeCompare(a.payment.paymentId));
  }

  private issuedInvoices(scope: PortalScope): Promise<Invoice[]> {
    return this.invoiceRepository.listByClient(scope.firmId, scope.clientId, { includeDrafts: false });
  }

  private async requireBilling(scope: PortalScope): Promise<FirmBillingSettings> {
    const [firm, own] = await Promise.all([this.firms.settings(scope.firmId), this.clients.find(scope.firmId, scope.clientId)]);
    if (!portalSeesBilling(firm, clientBillingSetting(scope.clientId, firm, own), scope.contactId)) throw new BillingNotEnabledError();
    return firm;
  }
}
