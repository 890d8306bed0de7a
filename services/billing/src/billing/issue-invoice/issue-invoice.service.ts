import { Injectable } from '@nestjs/common';
import { createEvent, InvoiceIssued, type EventOrigin } from '@portico/contracts';
import { changeInvoice } from '../change-invoice';
import { FirmBillingRepository, InvoiceRepository } from '../domain/billing.repositories';
import { formatInvoiceNumber, Invoice } from '../domain/invoice';

@Injectable()
export class IssueInvoiceService {
  constructor(
    private readonly firms: FirmBillingRepository,
    private readonly invoices: InvoiceRepository,
  ) {}

  /**
   * draft -> open with the firm's next number, InvoiceIssued in the same write. The number is
   * taken only for a draft; it is lost (a gap) only if the draft is voided or issued by a
   * concurrent request between that check and the write.
   */
  async execute(firmId: string, invoiceId: string, origin: EventOrigin, now = new Date()): Promise<Invoice> {
    const { invoice } = await changeInvoice(this.invoices, firmId, invoiceId, async (current) => {
      current.requireIssuable();
      const number = formatInvoiceNumber(await this.firms.nextInvoiceSequence(firmId));
      const { clientId, currency, totalMinor, dueDate } = current.props;
      return {
        change: current.issue(number, now),
        events: [createEvent(InvoiceIssued, { invoiceId, clientId, number, currency, totalMinor, dueDate }, origin)],
      };
    });
    return invoice;
  }
}
