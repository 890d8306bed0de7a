import { ForbiddenException } from '@nestjs/common';
import type { Principal } from './principal';

/**
 * The firmId every query of this request must be filtered by.
 * Staff act within their own firm; a client must name one of the portals granted to them.
 * Asking for any other firm is a 403, never a silent fallback.
 */
export function firmScope(principal: Principal, requestedFirmId?: string): string {
  if (principal.role === 'staff') {
    if (!principal.firmId || (requestedFirmId !== undefined && requestedFirmId !== principal.firmId)) {
      throw new ForbiddenException('No access to this firm');
    }
    return principal.firmId;
  }
  const portals = principal.portals ?? [];
  const firmId = requestedFirmId ?? (portals.length === 1 ? portals[0] : undefined);
  if (firmId === undefined || !portals.includes(firmId)) {
    throw new ForbiddenException('No access to this firm');
  }
  return firmId;
}
