import { Injectable } from '@nestjs/common';
import { createEvent, PaymentRecorded, type EventOrigin } from '@portico/contracts';
import { changeInvoice } from '../change-invoice';
import { InvoiceRepository } from '../domain/billing.repositories';
import { Invoice, NewPayment, Payment } from '../domain/invoice';

@Injectable()
export class RecordPaymentService {
  constructor(private readonly invoices: InvoiceRepository) {}

  /**
   * Records the payment and PaymentRecorded in one conditional write on the invoice. A request
   * repeating an Idempotency-Key gets the payment recorded the first time, and nothing is written.
   */
  async execute(firmId: string, invoiceId: string, input: NewPayment, origin: EventOrigin, now = new Date()): Promise<{ payment: Payment; invoice: Invoice }> {
    const earlier = (invoice: Invoice) => (input.idempotencyKey === null ? undefined : invoice.paymentByKey(input.idempotencyKey, input));
    const { invoice, change } = await changeInvoice(this.invoices, firmId, invoiceId, (current) => {
      if (earlier(current)) return undefined;
      const decided = current.recordPayment(input, now);
      const payment = decided.payment!;
      const { clientId, currency } = current.props;
      const event = createEvent(
        PaymentRecorded,
        {
          paymentId: payment.paymentId,
          invoiceId,
          clientId,
          currency,
          amountMinor: payment.amountMinor,
          method: payment.method,
          invoiceBalanceMinor: decided.expected.balanceMinor - payment.amountMinor,
          paidAt: payment.paidAt.toISOString(),
        },
        origin,
      );
      return { change: decided, events: [event] };
    });
    return { payment: change?.payment ?? earlier(invoice)!, invoice };
  }
}
