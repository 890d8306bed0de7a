import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { Principal, Role } from './principal';

export const IS_PUBLIC = 'portico:auth:public';
export const REQUIRED_ROLES = 'portico:auth:roles';

/**
 * Opts a route (or controller) out of the global JWT requirement. The empty security
 * requirement overrides the document-wide bearer requirement in the OpenAPI output.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}));

/** Only principals with one of these roles get through (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The authenticated principal (`req.user`, set by the JWT strategy). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<{ user: Principal }>().user;
});
