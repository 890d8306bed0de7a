import { applyDecorators, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard, ThrottlerModuleOptions, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { invitationTokenOf } from './invitation-grants/link-token';

const MINUTE_MS = 60_000;
const RATE_LIMITED = 'identity:rate-limited';

/** Endpoints that take a secret (a password, an invitation token) and so invite guessing. */
export type RateLimitedEndpoint = 'login' | 'invitation' | 'password';

const MESSAGES: Record<RateLimitedEndpoint, string> = {
  login: 'Too many login attempts, try again later',
  invitation: 'Too many attempts with this invitation, try again later',
  password: 'Too many password change attempts, try again later',
};

/**
 * The throttler's guard, with the standard `Retry-After` on every 429: the throttler names its
 * header after the limit that was hit (`Retry-After-login-account`) for every limit but one named
 * `default`, and clients and proxies only know the standard one.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const { res } = this.getRequestResponse(context);
    res.header('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    await super.throwThrottlingException(context, detail);
  }
}

/** Puts a route under the limits of its kind (see rateLimits). */
export const RateLimited = (endpoint: RateLimitedEndpoint) =>
  applyDecorators(
    SetMetadata(RATE_LIMITED, endpoint),
    UseGuards(RateLimitGuard),
    ApiTooManyRequestsResponse({ description: `${MESSAGES[endpoint]} (429, with Retry-After).` }),
  );

const reflector = new Reflector();
const endpointOf = (context: ExecutionContext) => reflector.get<RateLimitedEndpoint | undefined>(RATE_LIMITED, context.getHandler());
const unless = (endpoint: RateLimitedEndpoint) => (context: ExecutionContext) => endpointOf(context) !== endpoint;

const clientIp = (req: Record<string, unknown>) => String(req['ip'] ?? 'unknown');
const attemptedEmail = (req: Record<string, unknown>) => {
  const email = (req['body'] as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
};
// Set by the global JWT guard, which runs before the route's throttler guard.
const callingUser = (req: Record<string, unknown>) => String((req['user'] as { userId?: unknown } | undefined)?.userId ?? '');
// Hashed: the limiter's keys then never hold a live invitation token.
const invitationToken = (req: Record<string, unknown>) => createHash('sha256').update(invitationTokenOf(req)).digest('hex');

/**
 * Two limits per kind of endpoint, counted per route:
 * - login: per IP+email (guessing one account's password) and, ten times looser, per IP (one
 *   address spraying many accounts);
 * - invitation (opening the link, accepting it): per token (guessing the existing password of
 *   the invited email from many addresses) and, ten times looser, per IP (guessing tokens);
 * - password (changing it checks the current one): per user (a stolen access token guessing
 *   its login's password) with the login limit and, ten times looser, per IP.
 * Counted in the service's MongoDB (MongoThrottlerStorage, app.module), so they hold across replicas.
 */
export function rateLimits(perMinute: { login: number; invitation: number }): ThrottlerModuleOptions {
  return {
    errorMessage: (context) => MESSAGES[endpointOf(context) ?? 'login'],
    throttlers: [
      {
        name: 'login-account',
        ttl: MINUTE_MS,
        limit: perMinute.login,
        skipIf: unless('login'),
        getTracker: (req) => `${clientIp(req)}|${attemptedEmail(req)}`,
      },
      { name: 'login-ip', ttl: MINUTE_MS, limit: perMinute.login * 10, skipIf: unless('login'), getTracker: clientIp },
      { name: 'invitation-token', ttl: MINUTE_MS, limit: perMinute.invitation, skipIf: unless('invitation'), getTracker: invitationToken },
      { name: 'invitation-ip', ttl: MINUTE_MS, limit: perMinute.invitation * 10, skipIf: unless('invitation'), getTracker: clientIp },
      { name: 'password-account', ttl: MINUTE_MS, limit: perMinute.login, skipIf: unless('password'), getTracker: callingUser },
      { name: 'password-ip', ttl: MINUTE_MS, limit: perMinute.login * 10, skipIf: unless('password'), getTracker: clientIp },
    ],
  };
}
