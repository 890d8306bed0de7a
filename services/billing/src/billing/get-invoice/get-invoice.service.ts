import { Injectable } from '@nestjs/common';
import { InvoiceNotFoundError } from '../billing.errors';
import { InvoiceRepository } from '../domain/billing.repositories';
import { Invoice } from '../domain/invoice';

@Injectable()
export class GetInvoiceService {
  constructor(private readonly invoices: InvoiceRepository) {}

  async execute(firmId: string, invoiceId: string): Promise<Invoice> {
    const invoice = await this.invoices.findById(firmId, invoiceId);
    if (!invoice) throw new InvoiceNotFoundError();
    return invoice;
  }
}
