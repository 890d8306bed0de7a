import { ArgumentsHost, Catch, ConflictException, ExceptionFilter, HttpException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { Response } from 'express';
import { ConcurrentClientChangeError } from './client-updater';
import { ContactLimitReachedError, ContactNotFoundError } from './domain/client.errors';

function toHttp(error: ContactNotFoundError | ContactLimitReachedError | ConcurrentClientChangeError): HttpException {
  if (error instanceof ContactNotFoundError) return new NotFoundException('Contact not found');
  if (error instanceof ContactLimitReachedError) {
    // Named like a validation error: the list the request would grow is too long.
    return new UnprocessableEntityException({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: error.message,
      errors: [{ field: 'contacts', rule: 'arrayMaxSize', message: error.message }],
    });
  }
  return new ConflictException(error.message);
}

/** The domain's refusals as HTTP answers, for the controllers that change clients. */
@Catch(ContactNotFoundError, ContactLimitReachedError, ConcurrentClientChangeError)
export class ClientErrorsHttpFilter implements ExceptionFilter {
  catch(error: ContactNotFoundError | ContactLimitReachedError | ConcurrentClientChangeError, host: ArgumentsHost): void {
    const http = toHttp(error);
    host.switchToHttp().getResponse<Response>().status(http.getStatus()).json(http.getResponse());
  }
}
