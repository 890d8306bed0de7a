/** The part of a zod issue we report: where and what. */
export interface ValidationIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Thrown when an event (or its payload) does not match its contract. */
export class EventValidationError extends Error {
  override readonly name = 'EventValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(
    readonly eventType: string,
    issues: readonly ValidationIssue[],
    prefix: readonly PropertyKey[] = [],
  ) {
    const located = issues.map((issue) => ({ path: [...prefix, ...issue.path], message: issue.message }));
    super(`${eventType}: ${formatIssues(located)}`);
    this.issues = located;
  }
}

/** "payload.emails[0]: Invalid email address; firmId: Invalid input" - names every field at fault. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}
