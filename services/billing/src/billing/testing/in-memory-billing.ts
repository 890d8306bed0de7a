import type { EventEnvelope } from '@portico/contracts';
import { DEFAULT_FIRM_BILLING, FirmBillingSettings } from '../domain/billing-settings';
import { FirmBillingRepository, InvoiceRepository, OpenInvoiceSummary } from '../domain/billing.repositories';
import { Invoice, InvoiceChange } from '../domain/invoice';

/** The invoice port with the Mongo repository's compare-and-set rules, for unit tests. */
export class InMemoryInvoiceRepository extends InvoiceRepository {
  readonly invoices = new Map<string, Invoice>();
  readonly published: EventEnvelope[] = [];
  /** Runs before each write: a test stores a concurrent change here to make the write lose its race. */
  beforeWrite?: () => void;

  async insert(invoice: Invoice): Promise<void> {
    this.invoices.set(invoice.id, invoice);
  }

  async findById(firmId: string, invoiceId: string): Promise<Invoice | undefined> {
    const invoice = this.invoices.get(invoiceId);
    return invoice?.props.firmId === firmId ? invoice : undefined;
  }

  async listByClient(firmId: string, clientId: string, options: { includeDrafts: boolean }): Promise<Invoice[]> {
    return [...this.invoices.values()]
      .filter(({ props }) => props.firmId === firmId && props.clientId === clientId && (options.includeDrafts || props.status !== 'draft'))
      .sort((a, b) => b.id.localeCompare(a.id));
  }

  async openSummary(firmId: string, clientId: string): Promise<OpenInvoiceSummary> {
    const open = (await this.listByClient(firmId, clientId, { includeDrafts: false })).filter(({ props }) => props.status === 'open');
    return {
      balanceMinor: open.reduce((sum, { props }) => sum + props.balanceMinor, 0),
      openInvoiceCount: open.length,
      nextDueDate: open.map(({ props }) => props.dueDate).sort()[0] ?? null,
    };
  }

  async applyChange(invoice: Invoice, change: InvoiceChange, events: EventEnvelope[]): Promise<boolean> {
    const hook = this.beforeWrite;
    this.beforeWrite = undefined;
    hook?.();
    const stored = this.invoices.get(invoice.id);
    if (!stored || stored.props.status !== change.expected.status || stored.props.balanceMinor !== change.expected.balanceMinor) return false;
    const key = change.payment?.idempotencyKey;
    if (key && stored.props.payments.some((payment) => payment.idempotencyKey === key)) return false;
    this.invoices.set(invoice.id, stored.apply(change));
    this.published.push(...events);
    return true;
  }
}

export class InMemoryFirmBillingRepository extends FirmBillingRepository {
  private readonly firms = new Map<string, FirmBillingSettings & { invoiceCount: number; invoiceSequence: number }>();

  async settings(firmId: string): Promise<FirmBillingSettings> {
    const { currency, billingInPortalDefault, contactsSeeBilling } = this.firm(firmId);
    return { currency, billingInPortalDefault, contactsSeeBilling };
  }

  async update(firmId: string, changes: Partial<FirmBillingSettings>, requireNoInvoice: boolean): Promise<FirmBillingSettings | undefined> {
    const firm = this.firm(firmId);
    if (requireNoInvoice && firm.invoiceCount > 0) return undefined;
    Object.assign(firm, changes);
    return this.settings(firmId);
  }

  async countInvoice(firmId: string): Promise<FirmBillingSettings> {
    this.firm(firmId).invoiceCount++;
    return this.settings(firmId);
  }

  async nextInvoiceSequence(firmId: string): Promise<number> {
    return ++this.firm(firmId).invoiceSequence;
  }

  private firm(firmId: string) {
    if (!this.firms.has(firmId)) this.firms.set(firmId, { ...DEFAULT_FIRM_BILLING, invoiceCount: 0, invoiceSequence: 0 });
    return this.firms.get(firmId)!;
  }
}
