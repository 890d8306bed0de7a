import { v7 as uuidv7 } from 'uuid';
import { IdempotencyKeyReusedError, InvoiceStatusError, InvoiceTotalTooLargeError, PaymentExceedsBalanceError } from './invoice.errors';
import { LineInput, PricedLine, priceLines } from './money';

export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const PAYMENT_METHODS = ['card', 'ach', 'cash', 'check'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** A payment as a recorded fact (how the money moved is outside Portico; see PaymentProcessor). */
export interface Payment {
  paymentId: string;
  amountMinor: number;
  method: PaymentMethod;
  paidAt: Date;
  reference: string | null;
  recordedBy: string;
  recordedAt: Date;
  /** The request's Idempotency-Key: a retry with it finds this payment instead of paying twice. */
  idempotencyKey: string | null;
}

export interface InvoiceProps {
  id: string;
  firmId: string;
  clientId: string;
  /** `INV-000001`, per firm; assigned when issued. */
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  lineItems: PricedLine[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  paidMinor: number;
  /** What is still owed: total - paid while open, 0 once paid or void. */
  balanceMinor: number;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  memo: string | null;
  createdBy: string;
  createdAt: Date;
  issuedAt: Date | null;
  voidedAt: Date | null;
  voidedBy: string | null;
  /** Oldest first. */
  payments: Payment[];
}

export interface NewInvoice {
  firmId: string;
  clientId: string;
  currency: string;
  dueDate: string;
  lineItems: readonly LineInput[];
  memo: string | null;
  createdBy: string;
}

export interface NewPayment {
  amountMinor: number;
  method: PaymentMethod;
  paidAt: Date;
  reference: string | null;
  recordedBy: string;
  idempotencyKey: string | null;
}

/**
 * A change is stored with one compare-and-set on the status and balance it was decided on
 * (`expected`): if another change came first, nothing is written and the caller decides again
 * on the fresh invoice. A payment is added to `paidMinor` and taken off `balanceMinor`.
 */
export interface InvoiceChange {
  expected: { status: InvoiceStatus; balanceMinor: number };
  set: Partial<Pick<InvoiceProps, 'status' | 'number' | 'issuedAt' | 'voidedAt' | 'voidedBy' | 'balanceMinor'>>;
  payment?: Payment;
}

export const formatInvoiceNumber = (sequence: number): string => `INV-${String(sequence).padStart(6, '0')}`;

/** An invoice with its line items and payments: one document, so every change to it is one atomic write. */
export class Invoice {
  private constructor(readonly props: Readonly<InvoiceProps>) {}

  /** A draft: priced, not owed yet, not visible to the client. */
  static draft(input: NewInvoice, now = new Date()): Invoice {
    const priced = priceLines(input.lineItems);
    if (!priced) throw new InvoiceTotalTooLargeError();
    return new Invoice({
      id: uuidv7(),
      firmId: input.firmId,
      clientId: input.clientId,
      number: null,
      status: 'draft',
      currency: input.currency,
      lineItems: priced.lines,
      ...priced.totals,
      paidMinor: 0,
      balanceMinor: priced.totals.totalMinor,
      dueDate: input.dueDate,
      memo: input.memo,
      createdBy: input.createdBy,
      createdAt: now,
      issuedAt: null,
      voidedAt: null,
      voidedBy: null,
      payments: [],
    });
  }

  static restore(props: InvoiceProps): Invoice {
    return new Invoice(props);
  }

  get id(): string {
    return this.props.id;
  }

  /** Throws unless the invoice is a draft (checked before a number is taken for it). */
  requireIssuable(): void {
    this.requireStatus(['draft'], 'issued', 'a draft');
  }

  /** draft -> open: the client owes the total from now on. */
  issue(number: string, now = new Date()): InvoiceChange {
    this.requireIssuable();
    return this.change({ status: 'open', number, issuedAt: now });
  }

  /** A draft, or an open invoice nothing was paid on, is voided: nothing is owed on it any more. */
  void(voidedBy: string, now = new Date()): InvoiceChange {
    const voidable = this.props.status === 'draft' || (this.props.status === 'open' && this.props.paidMinor === 0);
    if (!voidable) {
      const state = this.props.status === 'open' ? 'open with payments' : this.props.status;
      throw new InvoiceStatusError(state, 'voided', 'a draft or an open invoice without payments');
    }
    return this.change({ status: 'void', voidedAt: now, voidedBy, balanceMinor: 0 });
  }

  /** A full or partial payment of an open invoice; the invoice is paid when its balance reaches 0. */
  recordPayment(input: NewPayment, now = new Date()): InvoiceChange {
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) throw new Error('A payment amount is a positive integer of minor units');
    this.requireStatus(['open'], 'paid', 'an open invoice');
    if (input.amountMinor > this.props.balanceMinor) throw new PaymentExceedsBalanceError(input.amountMinor, this.props.balanceMinor);
    const payment: Payment = { paymentId: uuidv7(), ...input, recordedAt: now };
    const paidInFull = input.amountMinor === this.props.balanceMinor;
    return { ...this.change(paidInFull ? { status: 'paid' } : {}), payment };
  }

  /**
   * The payment recorded earlier with this Idempotency-Key, if any. The same key for a
   * different payment (amount, method or reference) is refused rather than answered with a
   * payment the caller did not ask for.
   */
  paymentByKey(idempotencyKey: string, request: Pick<NewPayment, 'amountMinor' | 'method' | 'reference'>): Payment | undefined {
    const payment = this.props.payments.find((existing) => existing.idempotencyKey === idempotencyKey);
    if (payment && (payment.amountMinor !== request.amountMinor || payment.method !== request.method || payment.reference !== request.reference)) {
      throw new IdempotencyKeyReusedError();
    }
    return payment;
  }

  /** The invoice as it is once `change` is stored. */
  apply(change: InvoiceChange): Invoice {
    const paid = change.payment?.amountMinor ?? 0;
    return new Invoice({
      ...this.props,
      ...change.set,
      paidMinor: this.props.paidMinor + paid,
      balanceMinor: (change.set.balanceMinor ?? this.props.balanceMinor) - paid,
      payments: change.payment ? [...this.props.payments, change.payment] : this.props.payments,
    });
  }

  private change(set: InvoiceChange['set']): InvoiceChange {
    return { expected: { status: this.props.status, balanceMinor: this.props.balanceMinor }, set };
  }

  private requireStatus(allowed: InvoiceStatus[], action: string, description: string): void {
    if (!allowed.includes(this.props.status)) throw new InvoiceStatusError(this.props.status, action, description);
  }
}
