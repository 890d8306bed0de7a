import { Injectable } from '@nestjs/common';
import { createEvent, InvoiceVoided, type EventOrigin } from '@portico/contracts';
import { changeInvoice } from '../change-invoice';
import { InvoiceRepository } from '../domain/billing.repositories';
import { Invoice } from '../domain/invoice';

@Injectable()
export class VoidInvoiceService {
  constructor(private readonly invoices: InvoiceRepository) {}

  /** Voids a draft (silently: it was never announced) or an open invoice without payments (InvoiceVoided). */
  async execute(firmId: string, invoiceId: string, voidedBy: string, origin: EventOrigin, now = new Date()): Promise<Invoice> {
    const { invoice } = await changeInvoice(this.invoices, firmId, invoiceId, (current) => {
      const change = current.void(voidedBy, now);
      const events = current.props.status === 'open' ? [createEvent(InvoiceVoided, { invoiceId, clientId: current.props.clientId, voidedBy }, origin)] : [];
      return { change, events };
    });
    return invoice;
  }
}
