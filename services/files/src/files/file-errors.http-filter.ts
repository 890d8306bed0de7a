import { ArgumentsHost, Catch, ExceptionFilter, HttpException, NotFoundException } from '@nestjs/common';
import type { Response } from 'express';
import { ClientNotFoundError, FileNotFoundError, FileRuleError } from './domain/file.errors';

/** OpenAPI text of the 403s a client gets for a file that is not theirs to change. */
export const OWN_UPLOADS_ONLY = "Someone else's upload (`code: not_uploader`), or the edit window after uploading has passed (`code: edit_window_closed`).";

const REASONS: Record<FileRuleError['status'], string> = { 400: 'Bad Request', 403: 'Forbidden', 409: 'Conflict', 422: 'Unprocessable Entity' };

/**
 * A refusal's body: `code` for programs, and, when a request field is at fault, `errors` in the
 * shape the validation pipe uses (`field`, `rule`, `message`).
 */
function toHttp(error: FileNotFoundError | ClientNotFoundError | FileRuleError): HttpException {
  if (!(error instanceof FileRuleError)) return new NotFoundException(error.message);
  const { status, code, message, field } = error;
  const errors = field ? [{ field, rule: code, message }] : undefined;
  return new HttpException({ statusCode: status, error: REASONS[status], message, code, ...(errors ? { errors } : {}) }, status);
}

/** The domain's refusals as HTTP answers. Another firm's or client's file is the same 404 as a missing one. */
@Catch(FileNotFoundError, ClientNotFoundError, FileRuleError)
export class FileErrorsHttpFilter implements ExceptionFilter {
  catch(error: FileNotFoundError | ClientNotFoundError | FileRuleError, host: ArgumentsHost): void {
    const http = toHttp(error);
    host.switchToHttp().getResponse<Response>().status(http.getStatus()).json(http.getResponse());
  }
}
