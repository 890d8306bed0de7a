import { Injectable } from '@nestjs/common';
import { UserRepository } from '../../accounts/domain/account.repositories';
import { loginPrincipal, membershipOf, portalPrincipal } from '../../accounts/domain/user';
import { isCutOff } from '../domain/refresh-session';
import { InvalidRefreshTokenError, RefreshTokenRotation } from '../refresh-token-rotation';
import { SessionIssuer, TokenPairDto } from '../session-issuer';

@Injectable()
export class RefreshService {
  constructor(
    private readonly rotation: RefreshTokenRotation,
    private readonly users: UserRepository,
    private readonly issuer: SessionIssuer,
  ) {}

  /** The next pair of the same family, in the same portal if the session was in one. */
  async execute(refreshToken: string, now = new Date()): Promise<TokenPairDto> {
    const session = await this.rotation.spend(refreshToken, now);
    const user = await this.users.findById(session.userId);
    if (!user || isCutOff(session, user.sessionCutoff)) throw new InvalidRefreshTokenError();
    if (!session.portal) return this.issuer.issue(loginPrincipal(user), session.familyId, now);
    // The membership is read again on every refresh, so a portal taken away ends with the access token.
    const membership = membershipOf(user, session.portal.firmId, session.portal.clientId);
    if (!membership) throw new InvalidRefreshTokenError();
    return this.issuer.issue(portalPrincipal(user, membership), session.familyId, now);
  }
}
