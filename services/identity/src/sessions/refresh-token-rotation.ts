import { Injectable, Logger } from '@nestjs/common';
import { hashRefreshToken, RefreshSession } from './domain/refresh-session';
import { RefreshSessionRepository } from './domain/refresh-session.repository';

export class InvalidRefreshTokenError extends Error {
  constructor() {
    super('Invalid refresh token');
  }
}

/** Spends a refresh token (refresh, entering a portal): once only, and a replay ends the login. */
@Injectable()
export class RefreshTokenRotation {
  private readonly logger = new Logger(RefreshTokenRotation.name);

  constructor(private readonly sessions: RefreshSessionRepository) {}

  /** The session of a token that could still be spent, without spending it. */
  async peek(refreshToken: string, now: Date): Promise<RefreshSession | undefined> {
    const session = await this.sessions.findByHash(hashRefreshToken(refreshToken));
    return session && !session.usedAt && !session.revokedAt && session.expiresAt > now ? session : undefined;
  }

  /** Throws InvalidRefreshTokenError for an unknown, expired, revoked or already spent token. */
  async spend(refreshToken: string, now: Date): Promise<RefreshSession> {
    const tokenHash = hashRefreshToken(refreshToken);
    const session = await this.sessions.claim(tokenHash, now);
    if (session) return session;
    const known = await this.sessions.findByHash(tokenHash);
    if (known?.usedAt && !known.revokedAt) {
      // Reuse of a spent token: someone else holds a copy. End every session of that login.
      await this.sessions.revokeFamily(known.familyId, now);
      this.logger.warn({ userId: known.userId, familyId: known.familyId }, 'Refresh token reused; session family revoked');
    }
    throw new InvalidRefreshTokenError();
  }
}
