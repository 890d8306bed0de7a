import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { InvalidTemplateError } from './domain/invalid-template.error';

/** A template that does not compile is the author's mistake: 400 naming each field and rule, like any validation error. */
@Catch(InvalidTemplateError)
export class InvalidTemplateFilter implements ExceptionFilter<InvalidTemplateError> {
  catch(error: InvalidTemplateError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(HttpStatus.BAD_REQUEST)
      .json({ statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message: 'Invalid template', errors: error.issues });
  }
}
