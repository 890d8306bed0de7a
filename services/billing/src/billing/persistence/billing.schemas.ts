import { outboxPlugin, type OutboxFields } from '@portico/outbox';
import { Schema } from 'mongoose';
import { INVOICE_STATUSES, InvoiceStatus, Payment, PAYMENT_METHODS } from '../domain/invoice';
import type { PricedLine } from '../domain/money';

export const FIRM_BILLING_MODEL = 'FirmBilling';
export const CLIENT_BILLING_MODEL = 'ClientBilling';
export const INVOICE_MODEL = 'Invoice';

/** One per firm (`_id` = firm id): settings left out mean the defaults. */
export interface FirmBillingDocument {
  _id: string;
  currency?: string;
  billingInPortalDefault?: boolean;
  contactsSeeBilling?: boolean;
  /** Invoices created (drafts included): the currency is locked once it is not 0. */
  invoiceCount: number;
  /** Last number of the invoice sequence handed out. */
  invoiceSequence: number;
}

export const FirmBillingSchema = new Schema<FirmBillingDocument>(
  {
    _id: { type: String, required: true },
    currency: { type: String },
    billingInPortalDefault: { type: Boolean },
    contactsSeeBilling: { type: Boolean },
    invoiceCount: { type: Number, default: 0 },
    invoiceSequence: { type: Number, default: 0 },
  },
  { collection: 'firm_billing', versionKey: false, timestamps: true },
);

/** One per client that staff set billing in portal for (`_id` = client id); its events go through its outbox. */
export interface ClientBillingDocument extends Partial<OutboxFields> {
  _id: string;
  firmId: string;
  billingInPortal: boolean;
  changedBy: string;
}

export const ClientBillingSchema = new Schema<ClientBillingDocument>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    billingInPortal: { type: Boolean, required: true },
    changedBy: { type: String, required: true },
  },
  { collection: 'client_billing', versionKey: false, timestamps: true },
);
ClientBillingSchema.plugin(outboxPlugin);
ClientBillingSchema.index({ firmId: 1, _id: 1 });

export interface InvoiceDocument extends Partial<OutboxFields> {
  _id: string;
  firmId: string;
  clientId: string;
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  lineItems: PricedLine[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  paidMinor: number;
  balanceMinor: number;
  dueDate: string;
  memo: string | null;
  createdBy: string;
  createdAt: Date;
  issuedAt: Date | null;
  voidedAt: Date | null;
  voidedBy: string | null;
  payments: Payment[];
}

const LineItemSchema = new Schema<PricedLine>(
  {
    description: { type: String, required: true },
    quantity: { type: Number, required: true },
    unitPriceMinor: { type: Number, required: true },
    taxRateBasisPoints: { type: Number, required: true },
    subtotalMinor: { type: Number, required: true },
    taxMinor: { type: Number, required: true },
    totalMinor: { type: Number, required: true },
  },
  { _id: false },
);

const PaymentSchema = new Schema<Payment>(
  {
    paymentId: { type: String, required: true },
    amountMinor: { type: Number, required: true },
    method: { type: String, enum: PAYMENT_METHODS, required: true },
    paidAt: { type: Date, required: true },
    reference: { type: String, default: null },
    recordedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
    idempotencyKey: { type: String, default: null },
  },
  { _id: false },
);

export const InvoiceSchema = new Schema<InvoiceDocument>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    clientId: { type: String, required: true },
    number: { type: String, default: null },
    status: { type: String, enum: INVOICE_STATUSES, required: true },
    currency: { type: String, required: true },
    lineItems: { type: [LineItemSchema], required: true },
    subtotalMinor: { type: Number, required: true },
    taxMinor: { type: Number, required: true },
    totalMinor: { type: Number, required: true },
    paidMinor: { type: Number, required: true },
    balanceMinor: { type: Number, required: true },
    dueDate: { type: String, required: true },
    memo: { type: String, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    issuedAt: { type: Date, default: null },
    voidedAt: { type: Date, default: null },
    voidedBy: { type: String, default: null },
    payments: { type: [PaymentSchema], default: [] },
  },
  { collection: 'invoices', versionKey: false },
);
InvoiceSchema.plugin(outboxPlugin);
// A client's invoices (newest first: ids are UUIDv7) and its open ones (balance, summary).
InvoiceSchema.index({ firmId: 1, clientId: 1, _id: -1 });
InvoiceSchema.index({ firmId: 1, clientId: 1, status: 1 });
