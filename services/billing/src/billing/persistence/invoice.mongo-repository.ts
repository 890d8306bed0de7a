import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model, type QueryFilter, type UpdateQuery } from 'mongoose';
import { InvoiceRepository, OpenInvoiceSummary } from '../domain/billing.repositories';
import { Invoice, InvoiceChange } from '../domain/invoice';
import { INVOICE_MODEL, InvoiceDocument } from './billing.schemas';

const WITHOUT_OUTBOX = { outbox: 0, outboxPending: 0, outboxLeaseOwner: 0, outboxLeaseUntil: 0 } as const;

const toDomain = ({ _id, ...props }: InvoiceDocument): Invoice => Invoice.restore({ id: _id, ...props });

@Injectable()
export class InvoiceMongoRepository extends InvoiceRepository implements OnModuleInit {
  constructor(
    @InjectModel(INVOICE_MODEL) private readonly invoices: Model<InvoiceDocument>,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.register(this.invoices);
  }

  async insert(invoice: Invoice): Promise<void> {
    const { id, ...props } = invoice.props;
    await this.invoices.create({ _id: id, ...props });
  }

  async findById(firmId: string, invoiceId: string): Promise<Invoice | undefined> {
    const doc = await this.invoices.findOne({ _id: invoiceId, firmId }, WITHOUT_OUTBOX).lean<InvoiceDocument>().exec();
    return doc ? toDomain(doc) : undefined;
  }

  async listByClient(firmId: string, clientId: string, options: { includeDrafts: boolean }): Promise<Invoice[]> {
    const filter: QueryFilter<InvoiceDocument> = { firmId, clientId, ...(options.includeDrafts ? {} : { status: { $ne: 'draft' } }) };
    const docs = await this.invoices.find(filter, WITHOUT_OUTBOX).sort({ _id: -1 }).lean<InvoiceDocument[]>().exec();
    return docs.map(toDomain);
  }

  async openSummary(firmId: string, clientId: string): Promise<OpenInvoiceSummary> {
    const open = await this.invoices
      .find({ firmId, clientId, status: 'open' }, { balanceMinor: 1, dueDate: 1 })
      .lean<Pick<InvoiceDocument, 'balanceMinor' | 'dueDate'>[]>()
      .exec();
    return {
      balanceMinor: open.reduce((sum, invoice) => sum + invoice.balanceMinor, 0),
      openInvoiceCount: open.length,
      // YYYY-MM-DD strings sort as the dates do.
      nextDueDate: open.map((invoice) => invoice.dueDate).sort()[0] ?? null,
    };
  }

  /**
   * One conditional update: the status and balance the change was decided on are in the
   * filter, so of two concurrent payments only one can match a given balance, and no payment
   * is ever stored against a balance it was not checked against (no overpayment). A payment
   * with an Idempotency-Key also requires that no payment of the invoice carries that key.
   */
  async applyChange(invoice: Invoice, { expected, set, payment }: InvoiceChange, events: EventEnvelope[]): Promise<boolean> {
    const filter: QueryFilter<InvoiceDocument> = {
      _id: invoice.id,
      firmId: invoice.props.firmId,
      status: expected.status,
      balanceMinor: expected.balanceMinor,
    };
    const update: UpdateQuery<InvoiceDocument> = { $set: set };
    if (payment) {
      if (payment.idempotencyKey !== null) filter['payments.idempotencyKey'] = { $ne: payment.idempotencyKey };
      update.$inc = { paidMinor: payment.amountMinor, balanceMinor: -payment.amountMinor };
      update.$push = { payments: payment };
    }
    const result = await this.invoices.updateOne(filter, withEvents(update, events)).exec();
    if (result.matchedCount === 0) return false;
    this.relay.nudge();
    return true;
  }
}
