import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { INVITATION_LINK_PREFIX } from '@portico/contracts';
import type { NextFunction, Request, Response } from 'express';

// The invitation link (`/api/identity/invitations/<token>`, libs/contracts) and `.../<token>/accept`,
// as loosely as Express routes them (any case, an optional trailing slash).
const TOKEN_IN_PATH = new RegExp(`^(${INVITATION_LINK_PREFIX})([^/?#]+)(?=(?:/accept)?/?(?:[?#]|$))`, 'i');
const PLACEHOLDER = ':token';
const TOKEN = Symbol('invitationToken');

type WithToken = Request & { [TOKEN]?: string };

/**
 * Express middleware, installed before the request logger: takes the one-time token out of an
 * invitation URL (kept on the request) and leaves `:token` in its place, so no log line, here or
 * in the request log, ever holds a live token. The routes still match (`:token` is a value of
 * the `:token` parameter); handlers read the real one with `@LinkToken()`.
 */
export function hideInvitationTokens(req: Request, _res: Response, next: NextFunction): void {
  const match = TOKEN_IN_PATH.exec(req.url);
  if (match) {
    (req as WithToken)[TOKEN] = decodeSegment(match[2]);
    req.url = req.url.replace(TOKEN_IN_PATH, `$1${PLACEHOLDER}`);
    req.originalUrl = req.url;
  }
  next();
}

/** The token of the invitation URL being handled ('' if there is none). */
export function invitationTokenOf(req: object): string {
  return (req as WithToken)[TOKEN] ?? '';
}

export const LinkToken = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  invitationTokenOf(context.switchToHttp().getRequest<object>()),
);

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // Malformed escapes: used as typed, it simply matches no invitation.
    return segment;
  }
}
