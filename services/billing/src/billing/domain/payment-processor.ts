import type { PaymentMethod } from './invoice';

/**
 * The port a card (or ACH) processor will plug into. Not implemented: today staff record
 * payments that happened elsewhere, as facts. A processor adapter would charge first and then
 * record the payment through the same conditional update as a staff-recorded one, with the
 * processor's charge id as `reference` and the charge request's id as the Idempotency-Key, so
 * a retried charge confirmation never records a payment twice.
 */
export interface PaymentProcessor {
  /** Charges `amountMinor` of `currency`; resolves once the processor settled or refused the charge. */
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

export interface ChargeRequest {
  /** Sent to the processor as its idempotency key: the same request never charges twice. */
  requestId: string;
  firmId: string;
  invoiceId: string;
  amountMinor: number;
  currency: string;
  method: Extract<PaymentMethod, 'card' | 'ach'>;
  /** The processor's token for the client's card or bank account (never the number itself). */
  paymentSourceToken: string;
}

export type ChargeResult = { outcome: 'succeeded'; chargeId: string; paidAt: Date } | { outcome: 'declined'; reason: string };
