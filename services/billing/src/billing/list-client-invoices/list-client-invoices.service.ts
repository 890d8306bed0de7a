import { Injectable } from '@nestjs/common';
import { InvoiceRepository } from '../domain/billing.repositories';
import { Invoice } from '../domain/invoice';
import { KnownClients } from '../known-clients';

@Injectable()
export class ListClientInvoicesService {
  constructor(
    private readonly knownClients: KnownClients,
    private readonly invoices: InvoiceRepository,
  ) {}

  /** Every invoice of the client, drafts and void ones included, newest first. */
  async execute(firmId: string, clientId: string): Promise<Invoice[]> {
    await this.knownClients.require(firmId, clientId);
    return this.invoices.listByClient(firmId, clientId, { includeDrafts: true });
  }
}
