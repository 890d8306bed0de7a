/** The invoice is not in a status that allows the action (409). */
export class InvoiceStatusError extends Error {
  constructor(state: string, action: string, allowed: string) {
    super(`The invoice is ${state}: only ${allowed} can be ${action}`);
    this.name = 'InvoiceStatusError';
  }
}

/** A payment larger than what is still owed: refused, never recorded as an overpayment (422, amountMinor). */
export class PaymentExceedsBalanceError extends Error {
  constructor(
    readonly amountMinor: number,
    readonly balanceMinor: number,
  ) {
    super(`amountMinor must not exceed the invoice balance (${balanceMinor})`);
    this.name = 'PaymentExceedsBalanceError';
  }
}

/** The invoice total would not be an exact JavaScript number (422, lineItems). */
export class InvoiceTotalTooLargeError extends Error {
  constructor() {
    super(`The invoice total must not exceed ${Number.MAX_SAFE_INTEGER} minor units`);
    this.name = 'InvoiceTotalTooLargeError';
  }
}

/** The Idempotency-Key was already used for a different payment on this invoice (409). */
export class IdempotencyKeyReusedError extends Error {
  constructor() {
    super('This Idempotency-Key was already used for a different payment on this invoice');
    this.name = 'IdempotencyKeyReusedError';
  }
}
