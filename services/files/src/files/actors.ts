import { ForbiddenException } from '@nestjs/common';
import { firmScope, portalScope, type Principal } from '@portico/auth';
import type { PortalActor, StaffActor } from './domain/actor';

/** A staff member within their firm; anyone else gets a 403. */
export function staffActor(principal: Principal): StaffActor {
  if (principal.role !== 'staff') throw new ForbiddenException('Staff only: clients use /api/files/portal/...');
  return { role: 'staff', firmId: firmScope(principal), userId: principal.userId };
}

/** A client (or linked contact) within the portal their token is scoped to; staff get a 403. */
export function portalActor(principal: Principal): PortalActor {
  return { role: 'client', ...portalScope(principal), userId: principal.userId };
}
