import { UnauthorizedException } from '@nestjs/common';
import type { Principal } from '@portico/auth';
import { UserRepository } from '../../accounts/domain/account.repositories';
import type { StaffUser } from '../../accounts/domain/user';
import { hashRefreshToken, newRefreshToken, RefreshSession } from '../domain/refresh-session';
import { RefreshSessionRepository } from '../domain/refresh-session.repository';
import { SessionIssuer, TokenPairDto } from '../session-issuer';
import { InvalidRefreshTokenError, RefreshService } from './refresh.service';

/** Same contract as the Mongo repository (claim is a compare-and-set). */
class InMemorySessions extends RefreshSessionRepository {
  readonly rows = new Map<string, RefreshSession>();
  async insert(session: RefreshSession) {
    this.rows.set(session.tokenHash, { ...session });
  }
  async claim(tokenHash: string, now: Date) {
    const row = this.rows.get(tokenHash);
    if (!row || row.usedAt || row.revokedAt || row.expiresAt <= now) return undefined;
    row.usedAt = now;
    return { ...row };
  }
  async findByHash(tokenHash: string) {
    const row = this.rows.get(tokenHash);
    return row && { ...row };
  }
  async revokeFamily(familyId: string, now: Date) {
    for (const row of this.rows.values()) if (row.familyId === familyId && !row.revokedAt) row.revokedAt = now;
  }
}

const user: StaffUser = { id: 'u-1', firmId: 'f-1', role: 'staff', name: 'Ann', email: 'ann@example.com', passwordHash: 'x', createdAt: new Date() };

describe('RefreshService', () => {
  let sessions: InMemorySessions;
  let service: RefreshService;
  let issued: { principal: Principal; familyId: string }[];

  /** Stands in for SessionIssuer: stores the next refresh token like the real one does. */
  const issuer = {
    async issue(principal: Principal, familyId: string, now = new Date()): Promise<TokenPairDto> {
      issued.push({ principal, familyId });
      const refreshToken = newRefreshToken();
      await sessions.insert({ tokenHash: hashRefreshToken(refreshToken), familyId, userId: principal.userId, createdAt: now, expiresAt: new Date(now.getTime() + 60_000), usedAt: null, revokedAt: null });
      return { accessToken: `access-for-${principal.userId}`, refreshToken, expiresIn: 900, tokenType: 'Bearer' };
    },
  } as SessionIssuer;

  const users = { findById: async (id: string) => (id === user.id ? user : undefined) } as UserRepository;

  beforeEach(() => {
    sessions = new InMemorySessions();
    issued = [];
    service = new RefreshService(sessions, users, issuer);
  });

  const login = () => issuer.issue({ userId: user.id, role: 'staff', firmId: user.firmId, email: user.email }, 'family-1');

  it('rotates: a refresh token buys a new pair in the same family and is then spent', async () => {
    const first = await login();
    const second = await service.execute(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(issued[1]).toEqual({ principal: { userId: 'u-1', role: 'staff', firmId: 'f-1', email: 'ann@example.com' }, familyId: 'family-1' });
    expect(sessions.rows.get(hashRefreshToken(first.refreshToken))?.usedAt).toBeInstanceOf(Date);
  });

  it('stores only hashes of refresh tokens', async () => {
    const { refreshToken } = await login();
    expect(sessions.rows.has(refreshToken)).toBe(false);
    expect(sessions.rows.has(hashRefreshToken(refreshToken))).toBe(true);
  });

  it('treats reuse of a spent token as theft: refuses it and revokes the whole family', async () => {
    const first = await login();
    const second = await service.execute(first.refreshToken);
    await expect(service.execute(first.refreshToken)).rejects.toThrow(InvalidRefreshTokenError);
    // The legitimate-looking latest token is dead too.
    await expect(service.execute(second.refreshToken)).rejects.toThrow(InvalidRefreshTokenError);
    expect([...sessions.rows.values()].every((row) => row.revokedAt)).toBe(true);
  });

  it('refuses unknown and expired tokens without revoking anything', async () => {
    const { refreshToken } = await login();
    await expect(service.execute('unknown-token')).rejects.toThrow(InvalidRefreshTokenError);
    await expect(service.execute(refreshToken, new Date(Date.now() + 120_000))).rejects.toThrow(InvalidRefreshTokenError);
    expect([...sessions.rows.values()].some((row) => row.revokedAt)).toBe(false);
  });

  it('refuses a token whose user no longer exists', async () => {
    const refreshToken = newRefreshToken();
    await sessions.insert({ tokenHash: hashRefreshToken(refreshToken), familyId: 'f', userId: 'gone', createdAt: new Date(), expiresAt: new Date(Date.now() + 60_000), usedAt: null, revokedAt: null });
    await expect(service.execute(refreshToken)).rejects.toThrow(InvalidRefreshTokenError);
  });

  it('is not an HTTP exception itself (the controller maps it to 401)', () => {
    expect(new InvalidRefreshTokenError()).not.toBeInstanceOf(UnauthorizedException);
  });
});
