/** What the list's search text is matched against: the display name and emails, lower-cased. */
export function searchTermsOf(displayName: string, emails: readonly string[]): string[] {
  return [displayName.toLowerCase(), ...emails.map((email) => email.toLowerCase())];
}

/**
 * A regular expression source matching `text` literally anywhere in a term. The text is user
 * input: every metacharacter is escaped, so `a.c` does not match `abc` and `(` is no error.
 */
export function containsPattern(text: string): string {
  return text.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
