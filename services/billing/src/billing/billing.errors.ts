/** No such invoice for the caller (another firm's or another client's looks the same). */
export class InvoiceNotFoundError extends Error {
  constructor() {
    super('Invoice not found');
    this.name = 'InvoiceNotFoundError';
  }
}

/** No such client in the caller's firm (another firm's client looks the same). */
export class ClientNotFoundError extends Error {
  constructor() {
    super('Client not found');
    this.name = 'ClientNotFoundError';
  }
}

/** The caller is in a portal where billing is not on for them. */
export class BillingNotEnabledError extends Error {
  constructor() {
    super('Billing is not enabled in this portal');
    this.name = 'BillingNotEnabledError';
  }
}

/** The currency changes only while the firm has no invoice: amounts are never converted. */
export class CurrencyLockedError extends Error {
  constructor() {
    super('The currency can only change while the firm has no invoices');
    this.name = 'CurrencyLockedError';
  }
}

/** The invoice kept changing under concurrent writes (retry the request). */
export class ConcurrentInvoiceChangeError extends Error {
  constructor() {
    super('The invoice kept changing while this request tried to update it; try again');
    this.name = 'ConcurrentInvoiceChangeError';
  }
}
