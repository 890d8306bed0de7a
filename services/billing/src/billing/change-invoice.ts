import type { EventEnvelope } from '@portico/contracts';
import { ConcurrentInvoiceChangeError, InvoiceNotFoundError } from './billing.errors';
import { InvoiceRepository } from './domain/billing.repositories';
import type { Invoice, InvoiceChange } from './domain/invoice';
import { changeOptimistically } from '@portico/mongo';

export interface InvoiceDecision {
  change: InvoiceChange;
  events: EventEnvelope[];
}

// Every lost race means another change (a payment, a status change) was stored; a round per
// concurrent writer settles it.
const MAX_ROUNDS = 20;

/**
 * Read, decide, write-if-unchanged. `decide` sees the current invoice and returns the change
 * with its events, undefined when there is nothing to write, or throws a refusal. It runs again
 * on the fresh invoice when another write came first.
 */
export async function changeInvoice(
  invoices: InvoiceRepository,
  firmId: string,
  invoiceId: string,
  decide: (invoice: Invoice) => Promise<InvoiceDecision | undefined> | InvoiceDecision | undefined,
): Promise<{ invoice: Invoice; change?: InvoiceChange }> {
  const result = await changeOptimistically({
    read: () => invoices.findById(firmId, invoiceId),
    decide,
    write: async (invoice, { change, events }) => ((await invoices.applyChange(invoice, change, events)) ? invoice.apply(change) : undefined),
    attempts: MAX_ROUNDS,
    exhausted: () => new ConcurrentInvoiceChangeError(),
  });
  if (result.kind === 'missing') throw new InvoiceNotFoundError();
  return result.kind === 'written' ? { invoice: result.stored, change: result.decision.change } : { invoice: result.current };
}
