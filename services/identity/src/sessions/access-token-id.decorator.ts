import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { accessTokenIdOf } from './session-issuer';

/**
 * The `jti` of the calling access token (undefined if it has none). Only on authenticated
 * routes: the global JWT guard has verified the token by then.
 */
export const AccessTokenId = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const authorization = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers['authorization'];
  const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return match ? accessTokenIdOf(match[1]) : undefined;
});
