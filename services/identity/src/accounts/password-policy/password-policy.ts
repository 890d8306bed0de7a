import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MIN_PASSWORD_LENGTH = 12;

export interface PasswordViolation {
  rule: 'minLength' | 'notCommon';
  message: string;
}

export class WeakPasswordError extends Error {
  constructor(readonly violation: PasswordViolation) {
    super(`password ${violation.message}`);
  }
}

// Letter-like digits and symbols people put in a common word ("p@ssw0rd").
const LOOKALIKES: Record<string, string> = { '@': 'a', '4': 'a', '3': 'e', '1': 'i', '!': 'i', '0': 'o', $: 's', '5': 's', '7': 't' };

/**
 * Length first (NIST SP 800-63B: length beats composition rules), then a list of common
 * passwords. A common word padded with digits or symbols to reach the length, or spelled with
 * look-alike characters, is as guessable as the word itself, so those forms are checked too.
 */
export class PasswordPolicy {
  constructor(private readonly commonPasswords: ReadonlySet<string>) {}

  /** Throws WeakPasswordError. */
  assertAcceptable(password: string): void {
    const violation = this.check(password);
    if (violation) throw new WeakPasswordError(violation);
  }

  check(password: string): PasswordViolation | undefined {
    // Code points, so an emoji or accented letter counts as one character, as people see it.
    if ([...password].length < MIN_PASSWORD_LENGTH) return { rule: 'minLength', message: `must be at least ${MIN_PASSWORD_LENGTH} characters long` };
    if (this.isCommon(password)) return { rule: 'notCommon', message: 'is too common (or a common password with characters added): choose another' };
    return undefined;
  }

  private isCommon(password: string): boolean {
    const lower = password.trim().toLowerCase();
    const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    const unmasked = [...core].map((char) => LOOKALIKES[char] ?? char).join('');
    return [lower, core, unmasked].some((candidate) => candidate.length > 0 && this.commonPasswords.has(candidate));
  }
}

/** The list shipped next to this file (copied into dist by the build). */
export function loadCommonPasswords(path = join(__dirname, 'common-passwords.txt')): Set<string> {
  const entries = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
  return new Set(entries);
}
