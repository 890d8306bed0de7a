import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { BillingNotEnabledError, ClientNotFoundError, ConcurrentInvoiceChangeError, CurrencyLockedError, InvoiceNotFoundError } from './billing.errors';
import { IdempotencyKeyReusedError, InvoiceStatusError, InvoiceTotalTooLargeError, PaymentExceedsBalanceError } from './domain/invoice.errors';

const BILLING_ERRORS = [
  InvoiceNotFoundError,
  ClientNotFoundError,
  BillingNotEnabledError,
  CurrencyLockedError,
  ConcurrentInvoiceChangeError,
  InvoiceStatusError,
  PaymentExceedsBalanceError,
  InvoiceTotalTooLargeError,
  IdempotencyKeyReusedError,
];
type BillingError = InstanceType<(typeof BILLING_ERRORS)[number]>;

/** Refusals that name a field are shaped like the validation pipe's errors. */
const unprocessable = (field: string, rule: string, message: string) => ({
  status: HttpStatus.UNPROCESSABLE_ENTITY,
  body: { statusCode: 422, error: 'Unprocessable Entity', message, errors: [{ field, rule, message }] },
});

function toHttp(error: BillingError): { status: number; body: object } {
  if (error instanceof InvoiceNotFoundError || error instanceof ClientNotFoundError) {
    return { status: HttpStatus.NOT_FOUND, body: { statusCode: 404, error: 'Not Found', message: error.message } };
  }
  if (error instanceof BillingNotEnabledError) {
    // The gateway's portal home reads `code` to hide billing rather than report an error.
    return { status: HttpStatus.FORBIDDEN, body: { statusCode: 403, error: 'Forbidden', code: 'billing_not_enabled', message: error.message } };
  }
  if (error instanceof PaymentExceedsBalanceError) return unprocessable('amountMinor', 'maxBalance', error.message);
  if (error instanceof InvoiceTotalTooLargeError) return unprocessable('lineItems', 'maxTotal', error.message);
  return { status: HttpStatus.CONFLICT, body: { statusCode: 409, error: 'Conflict', message: error.message } };
}

/** The billing domain's refusals as HTTP answers. */
@Catch(...BILLING_ERRORS)
export class BillingErrorsHttpFilter implements ExceptionFilter {
  catch(error: BillingError, host: ArgumentsHost): void {
    const { status, body } = toHttp(error);
    host.switchToHttp().getResponse<Response>().status(status).json(body);
  }
}
