import { Injectable } from '@nestjs/common';
import { createEvent, UserLoggedIn } from '@portico/contracts';
import { FirmRepository, UserRepository } from '../../accounts/domain/account.repositories';
import { portalPrincipal, PortalMembership, User } from '../../accounts/domain/user';
import { isCutOff } from '../domain/refresh-session';
import { InvalidRefreshTokenError, RefreshTokenRotation } from '../refresh-token-rotation';
import { SessionIssuer } from '../session-issuer';
import type { PortalSessionDto } from './enter-portal.response.dto';

export class NoSuchPortalError extends Error {
  constructor() {
    super('No access to this portal');
  }
}

export class PortalNotChosenError extends Error {
  constructor() {
    super('This login holds several client records at this firm: name the clientId');
  }
}

export interface EnterPortalCommand {
  refreshToken: string;
  firmId: string;
  clientId?: string;
}

function chooseMembership(user: User, firmId: string, clientId: string | undefined): PortalMembership {
  const matches = user.portals.filter((portal) => portal.firmId === firmId && (clientId === undefined || portal.clientId === clientId));
  if (matches.length === 0) throw new NoSuchPortalError();
  if (matches.length > 1) throw new PortalNotChosenError();
  return matches[0];
}

/**
 * Entering a portal is a refresh into a scope: the refresh token is spent (rotation and
 * replay detection as for /auth/refresh) and the new pair, and every refresh after it, is
 * scoped to that portal. So a portal session lasts as long as any session, and switching
 * portals is one more call with the current refresh token.
 */
@Injectable()
export class EnterPortalService {
  constructor(
    private readonly rotation: RefreshTokenRotation,
    private readonly users: UserRepository,
    private readonly firms: FirmRepository,
    private readonly issuer: SessionIssuer,
  ) {}

  /** Throws InvalidRefreshTokenError, NoSuchPortalError, PortalNotChosenError. */
  async execute(command: EnterPortalCommand, correlationId: string, now = new Date()): Promise<PortalSessionDto> {
    // Decide before spending the token: a mistaken firmId must not end the session.
    const pending = await this.rotation.peek(command.refreshToken, now);
    const user = pending && (await this.users.findById(pending.userId));
    if (user && isCutOff(pending, user.sessionCutoff)) throw new InvalidRefreshTokenError();
    const membership = user && chooseMembership(user, command.firmId, command.clientId);
    const firm = membership && (await this.firms.findById(membership.firmId));
    if (membership && !firm) throw new NoSuchPortalError();

    const session = await this.rotation.spend(command.refreshToken, now);
    if (!user || !membership || !firm || session.userId !== user.id) throw new InvalidRefreshTokenError();
    // Per firm: only the firm whose portal was entered learns of the login.
    const loggedIn = createEvent(UserLoggedIn, { userId: user.id, role: 'client', at: now.toISOString() }, { firmId: firm.id, correlationId });
    await this.users.recordLogin(user.id, now, [loggedIn]);
    const tokens = await this.issuer.issue(portalPrincipal(user, membership), session.familyId, now);
    return { ...tokens, portal: { firmId: firm.id, firmName: firm.name, clientId: membership.clientId, contactId: membership.contactId } };
  }
}
