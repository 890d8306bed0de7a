export interface RetryPolicy {
  /** SMTP attempts in all, the first one included. */
  maxAttempts: number;
  /** Delay after the first transient failure; doubled after each further one. */
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * How long to wait after `attempts` attempts have failed transiently, or undefined when the
 * budget is spent. Exponential, capped, and up to 20% shorter at random: emails that failed
 * together in an outage then do not all hit the server again in the same instant.
 */
export function retryDelayMs(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number | undefined {
  if (attempts >= policy.maxAttempts) return undefined;
  const delay = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (1 - 0.2 * random()));
}
