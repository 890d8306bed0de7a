import { ArgumentsHost, Catch, ConflictException, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ConcurrentTodoChangeError, FileRequiredError } from './domain/todo.errors';

function toHttp(error: FileRequiredError | ConcurrentTodoChangeError): ConflictException {
  if (error instanceof FileRequiredError) {
    return new ConflictException({
      statusCode: 409,
      error: 'Conflict',
      code: 'file_required',
      message: 'This to-do is a file request: it completes when its file is uploaded',
    });
  }
  return new ConflictException({ statusCode: 409, error: 'Conflict', code: 'concurrent_change', message: error.message });
}

/** The domain's refusals as HTTP answers, for the controllers that change to-dos. */
@Catch(FileRequiredError, ConcurrentTodoChangeError)
export class TodoErrorsHttpFilter implements ExceptionFilter {
  catch(error: FileRequiredError | ConcurrentTodoChangeError, host: ArgumentsHost): void {
    const http = toHttp(error);
    host.switchToHttp().getResponse<Response>().status(http.getStatus()).json(http.getResponse());
  }
}
