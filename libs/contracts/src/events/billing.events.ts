import { z } from 'zod';
import { defineEvent } from '../define-event';
import { Topics } from '../topics';
import { Id } from './fields';

/** Amounts are integer minor units (cents) in the firm's one currency (ISO 4217). */
const Minor = z.number().int();
const Currency = z.string().regex(/^[A-Z]{3}$/);

export const ClientBillingChanged = defineEvent({
  type: 'ClientBillingChanged',
  version: 1,
  topic: Topics.billingAccount.name,
  key: (p) => p.clientId,
  payload: z.object({ clientId: Id, billingInPortal: z.boolean(), changedBy: Id }),
  description: "Staff turned billing in the client's portal on or off.",
});

export const InvoiceIssued = defineEvent({
  type: 'InvoiceIssued',
  version: 1,
  topic: Topics.billingInvoice.name,
  key: (p) => p.invoiceId,
  payload: z.object({
    invoiceId: Id,
    clientId: Id,
    number: z.string().min(1).max(50),
    currency: Currency,
    totalMinor: Minor.min(0),
    dueDate: z.iso.date(),
  }),
  description: 'An invoice left draft and is open: the client owes its total by the due date.',
});

export const PaymentRecorded = defineEvent({
  type: 'PaymentRecorded',
  version: 1,
  topic: Topics.billingInvoice.name,
  key: (p) => p.invoiceId,
  payload: z.object({
    paymentId: Id,
    invoiceId: Id,
    clientId: Id,
    currency: Currency,
    amountMinor: Minor.positive(),
    method: z.enum(['card', 'ach', 'cash', 'check']),
    /** What is still owed on the invoice after this payment. */
    invoiceBalanceMinor: Minor.min(0),
    paidAt: z.iso.datetime(),
  }),
  description: 'A payment (full or partial) was recorded against an invoice.',
});

export const InvoiceVoided = defineEvent({
  type: 'InvoiceVoided',
  version: 1,
  topic: Topics.billingInvoice.name,
  key: (p) => p.invoiceId,
  payload: z.object({ invoiceId: Id, clientId: Id, voidedBy: Id }),
  description: 'An open invoice was voided: nothing is owed on it any more.',
});
