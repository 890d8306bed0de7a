import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldError {
  /** Dotted path into the body: `contacts.0.email`. */
  field: string;
  /** class-validator constraint name: `isEmail`, `whitelistValidation`... */
  rule: string;
  message: string;
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** The one 400 body for bad input: every field that is wrong, each with the rule it broke. */
export function fieldErrors(errors: FieldError[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors });
}

export function validationException(errors: ValidationError[]): BadRequestException {
  return fieldErrors(flattenValidationErrors(errors));
}

/** Unknown fields are refused (not silently dropped) so that typos in clients surface early. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationException,
  });
}
