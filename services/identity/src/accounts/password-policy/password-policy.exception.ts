import { BadRequestException } from '@nestjs/common';
import type { FieldError } from '@portico/platform';
import type { PasswordViolation } from './password-policy';

/** The same 400 body as a failed DTO validation, naming the field (`password` unless told) and the rule. */
export function passwordPolicyException(violation: PasswordViolation, field = 'password'): BadRequestException {
  const errors: FieldError[] = [{ field, rule: violation.rule, message: `${field} ${violation.message}` }];
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors });
}
