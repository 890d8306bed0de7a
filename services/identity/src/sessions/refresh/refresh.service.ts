import { Injectable, Logger } from '@nestjs/common';
import { UserRepository } from '../../accounts/domain/account.repositories';
import { hashRefreshToken } from '../domain/refresh-session';
import { RefreshSessionRepository } from '../domain/refresh-session.repository';
import { SessionIssuer, TokenPairDto } from '../session-issuer';

export class InvalidRefreshTokenError extends Error {
  constructor() {
    super('Invalid refresh token');
  }
}

@Injectable()
export class RefreshService {
  private readonly logger = new Logger(RefreshService.name);

  constructor(
    private readonly sessions: RefreshSessionRepository,
    private readonly users: UserRepository,
    private readonly issuer: SessionIssuer,
  ) {}

  async execute(refreshToken: string, now = new Date()): Promise<TokenPairDto> {
    const tokenHash = hashRefreshToken(refreshToken);
    const session = await this.sessions.claim(tokenHash, now);
    if (!session) {
      const known = await this.sessions.findByHash(tokenHash);
      if (known?.usedAt && !known.revokedAt) {
        // Reuse of a spent token: someone else holds a copy. End every session of that login.
        await this.sessions.revokeFamily(known.familyId, now);
        this.logger.warn({ userId: known.userId, familyId: known.familyId }, 'Refresh token reused; session family revoked');
      }
      throw new InvalidRefreshTokenError();
    }
    const user = await this.users.findById(session.userId);
    if (!user) throw new InvalidRefreshTokenError();
    return this.issuer.issue({ userId: user.id, role: user.role, firmId: user.firmId, email: user.email }, session.familyId, now);
  }
}
