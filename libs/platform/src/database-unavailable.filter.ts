import { ArgumentsHost, Catch, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { Observable, throwError } from 'rxjs';

// Driver and mongoose errors that mean "the database cannot be reached", not "this request is wrong".
const UNAVAILABLE_ERRORS = new Set([
  'MongooseServerSelectionError',
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return UNAVAILABLE_ERRORS.has(error.name) || (error.name === 'MongooseError' && /buffering timed out/.test(error.message));
}

/** A database outage answers 503 (retry later) instead of a generic 500. Everything else: Nest's default. */
@Catch()
export class DatabaseUnavailableFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Database');

  override catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Kafka handlers: hand the error back to the event server, which retries or dead-letters it.
    if (host.getType() !== 'http') return throwError(() => exception);
    if (!isDatabaseUnavailable(exception)) return super.catch(exception, host);
    this.logger.warn(`Database unavailable: ${(exception as Error).message}`);
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .json({ statusCode: 503, error: 'Service Unavailable', message: 'Database unavailable, try again later' });
  }
}
