import type { ThrottlerModuleOptions } from '@nestjs/throttler';

const MINUTE_MS = 60_000;

const clientIp = (req: Record<string, unknown>) => String(req['ip'] ?? 'unknown');
const attemptedEmail = (req: Record<string, unknown>) => {
  const email = (req['body'] as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
};

/**
 * Two limits on login: per IP+email (guessing one account's password) and a looser one per IP
 * (one address spraying many accounts). In-memory, so per replica: a shared store is needed
 * for an exact limit across replicas.
 */
export function loginThrottling(perMinute: number): ThrottlerModuleOptions {
  return {
    errorMessage: 'Too many login attempts, try again later',
    throttlers: [
      { name: 'login-account', ttl: MINUTE_MS, limit: perMinute, getTracker: (req) => `${clientIp(req)}|${attemptedEmail(req)}` },
      { name: 'login-ip', ttl: MINUTE_MS, limit: perMinute * 10, getTracker: (req) => clientIp(req) },
    ],
  };
}
