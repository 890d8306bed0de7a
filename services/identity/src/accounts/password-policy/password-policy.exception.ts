import type { BadRequestException } from '@nestjs/common';
import { fieldErrors } from '@portico/platform';
import type { PasswordViolation } from './password-policy';

/** The same 400 body as a failed DTO validation, naming the field (`password` unless told) and the rule. */
export function passwordPolicyException(violation: PasswordViolation, field = 'password'): BadRequestException {
  return fieldErrors([{ field, rule: violation.rule, message: `${field} ${violation.message}` }]);
}
