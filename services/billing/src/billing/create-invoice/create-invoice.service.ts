import { Injectable } from '@nestjs/common';
import { FirmBillingRepository, InvoiceRepository } from '../domain/billing.repositories';
import { Invoice, NewInvoice } from '../domain/invoice';
import { KnownClients } from '../known-clients';

@Injectable()
export class CreateInvoiceService {
  constructor(
    private readonly knownClients: KnownClients,
    private readonly firms: FirmBillingRepository,
    private readonly invoices: InvoiceRepository,
  ) {}

  /** A draft: no event (nothing is owed, the client does not see it) until it is issued. */
  async execute(command: Omit<NewInvoice, 'currency'>, now = new Date()): Promise<Invoice> {
    await this.knownClients.require(command.firmId, command.clientId);
    // Priced first, so a refused invoice does not count towards the currency lock.
    const firm = await this.firms.settings(command.firmId);
    let invoice = Invoice.draft({ ...command, currency: firm.currency }, now);
    // Counting the invoice locks the currency; it returns the currency in force at that moment,
    // which differs from the one read above only if it changed in between.
    const { currency } = await this.firms.countInvoice(command.firmId);
    if (currency !== firm.currency) invoice = Invoice.draft({ ...command, currency }, now);
    await this.invoices.insert(invoice);
    return invoice;
  }
}
