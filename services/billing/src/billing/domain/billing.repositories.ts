import type { EventEnvelope } from '@portico/contracts';
import type { FirmBillingSettings } from './billing-settings';
import type { Invoice, InvoiceChange } from './invoice';

/**
 * The firm's billing settings document: its settings, how many invoices it has (so the
 * currency is locked once there is one) and its invoice number sequence. Every read takes the firm.
 */
export abstract class FirmBillingRepository {
  /** The firm's settings, defaults where it has none. */
  abstract settings(firmId: string): Promise<FirmBillingSettings>;
  /**
   * Applies `changes`; with `requireNoInvoice`, only while the firm has no invoice (one
   * conditional write). Undefined when that condition failed.
   */
  abstract update(firmId: string, changes: Partial<FirmBillingSettings>, requireNoInvoice: boolean): Promise<FirmBillingSettings | undefined>;
  /** Counts one more invoice (locking the currency) and returns the settings it is made in. */
  abstract countInvoice(firmId: string): Promise<FirmBillingSettings>;
  /** The next number of the firm's sequence (1, 2, ...): an atomic increment. */
  abstract nextInvoiceSequence(firmId: string): Promise<number>;
}

/** Per-client billing in portal, set by staff; absent means the firm's default applies. */
export abstract class ClientBillingRepository {
  abstract find(firmId: string, clientId: string): Promise<boolean | undefined>;
  /** Stores the setting with its events in one write. False (and nothing written) when it already had that value. */
  abstract set(firmId: string, clientId: string, billingInPortal: boolean, changedBy: string, events: EventEnvelope[]): Promise<boolean>;
}

export interface OpenInvoiceSummary {
  balanceMinor: number;
  openInvoiceCount: number;
  /** Earliest due date of the open invoices. */
  nextDueDate: string | null;
}

export abstract class InvoiceRepository {
  abstract insert(invoice: Invoice): Promise<void>;
  abstract findById(firmId: string, invoiceId: string): Promise<Invoice | undefined>;
  /** The client's invoices, newest first; drafts only when asked for. */
  abstract listByClient(firmId: string, clientId: string, options: { includeDrafts: boolean }): Promise<Invoice[]>;
  abstract openSummary(firmId: string, clientId: string): Promise<OpenInvoiceSummary>;
  /** Stores `change` and its events in one write if the invoice is still as it was decided on. False otherwise. */
  abstract applyChange(invoice: Invoice, change: InvoiceChange, events: EventEnvelope[]): Promise<boolean>;
}
