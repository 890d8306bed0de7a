import { ForbiddenException } from '@nestjs/common';
import type { PortalScope, Principal } from './principal';

const NO_ACCESS = 'No access to this firm';
const NO_PORTAL = 'Enter a portal first: POST /api/identity/auth/portal';

/**
 * The firmId every query of this request must be filtered by: staff act within their own
 * firm, a client within the portal their token is scoped to. Naming any other firm is a 403,
 * never a silent fallback. For a client this is not enough on its own: see `portalScope`.
 */
export function firmScope(principal: Principal, requestedFirmId?: string): string {
  if (principal.role === 'client' && principal.firmId === undefined) throw new ForbiddenException(NO_PORTAL);
  if (!principal.firmId || (requestedFirmId !== undefined && requestedFirmId !== principal.firmId)) {
    throw new ForbiddenException(NO_ACCESS);
  }
  return principal.firmId;
}

/**
 * What a client may see in the portal they entered: their firm and their own client record
 * (and which linked contact they are). Every query for a client filters by firmId AND clientId.
 * Staff and clients who have not entered a portal get a 403.
 */
export function portalScope(principal: Principal): PortalScope {
  if (principal.role !== 'client') throw new ForbiddenException('Only clients act within a portal');
  if (principal.firmId === undefined || principal.clientId === undefined) throw new ForbiddenException(NO_PORTAL);
  return { firmId: principal.firmId, clientId: principal.clientId, contactId: principal.contactId ?? null };
}
