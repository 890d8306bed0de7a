import { BadRequestException } from '@nestjs/common';
import type { FieldError } from '@portico/platform';
import type { PasswordViolation } from './password-policy';

/** The same 400 body as a failed DTO validation, naming `password` and the rule. */
export function passwordPolicyException(violation: PasswordViolation): BadRequestException {
  const errors: FieldError[] = [{ field: 'password', rule: violation.rule, message: `password ${violation.message}` }];
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors });
}
