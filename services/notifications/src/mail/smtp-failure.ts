/** What a failed SMTP attempt means for the email. */
export interface SmtpFailure {
  /** True when sending the same email again later may work. */
  transient: boolean;
  /** The server's answer, or the connection error; links removed (they may carry a token). */
  reason: string;
}

// nodemailer codes for failures that no retry can fix: the message or its recipient list is unusable.
const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE']);
const MAX_REASON_LENGTH = 1000;

/**
 * Sorts a nodemailer error. A reply code decides when there is one: 5xx is the server refusing
 * this email for good (unknown mailbox, policy), 4xx asks us to try again. Without a reply the
 * connection failed (refused, reset, timed out, TLS): the server was not reached, so trying
 * again later may work. Authentication (535 included) counts as transient too: it is our
 * configuration that is wrong, not this email, and it goes out once an operator fixes it.
 */
export function classifySmtpFailure(error: unknown): SmtpFailure {
  const { code, responseCode, message } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    responseCode?: unknown;
    message?: unknown;
  };
  const text = typeof message === 'string' && message ? message : String(error);
  const reason = redactLinks(typeof responseCode === 'number' || typeof code !== 'string' ? text : `${code}: ${text}`).slice(0, MAX_REASON_LENGTH);
  if (code === 'EAUTH' || code === 'ENOAUTH') return { transient: true, reason };
  if (typeof responseCode === 'number') return { transient: responseCode < 500, reason };
  return { transient: !(typeof code === 'string' && PERMANENT_CODES.has(code)), reason };
}

/** Removes URLs: a server that quotes the message in its refusal must not put our one-time link into logs and events. */
export function redactLinks(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '[link removed]');
}
