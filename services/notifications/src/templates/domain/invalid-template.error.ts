import type { TemplateField } from './email-template';

export interface TemplateIssue {
  /** The body field the problem is in: `subject`, `html` or `text`. */
  field: TemplateField;
  rule: 'handlebarsSyntax' | 'templateVariable' | 'templateExpression' | 'unescapedOutput';
  message: string;
}

/** A template that cannot be saved or previewed, with every problem found (an author fixes them all at once). */
export class InvalidTemplateError extends Error {
  constructor(readonly issues: readonly TemplateIssue[]) {
    super(`Invalid template: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`);
    this.name = 'InvalidTemplateError';
  }
}
