import type { EventEnvelope } from '@portico/contracts';
import { ConcurrentInvoiceChangeError, InvoiceNotFoundError } from './billing.errors';
import { InvoiceRepository } from './domain/billing.repositories';
import type { Invoice, InvoiceChange } from './domain/invoice';

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
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const invoice = await invoices.findById(firmId, invoiceId);
    if (!invoice) throw new InvoiceNotFoundError();
    const decision = await decide(invoice);
    if (!decision) return { invoice };
    if (await invoices.applyChange(invoice, decision.change, decision.events)) return { invoice: invoice.apply(decision.change), change: decision.change };
  }
  throw new ConcurrentInvoiceChangeError();
}
