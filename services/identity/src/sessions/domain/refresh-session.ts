import { createHash, randomBytes } from 'node:crypto';
import type { SessionCutoff } from '../../accounts/domain/user';

/**
 * One refresh token. Tokens of one login form a family: each refresh uses one up and issues
 * its successor. A token presented twice means it leaked, so the whole family is revoked.
 * Only the SHA-256 of the token is stored: a database dump cannot be replayed.
 */
export interface RefreshSession {
  tokenHash: string;
  familyId: string;
  userId: string;
  /** The portal the family's access tokens are scoped to (a client inside a portal); null for a plain login. */
  portal: SessionPortal | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  /** `jti` of the access token issued with this refresh token: tells which session a request comes from. */
  accessTokenId?: string;
}

export interface SessionPortal {
  firmId: string;
  clientId: string;
}

/** 256 random bits, URL-safe. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether the login ended this session (logout everywhere, or a password change in another session). */
export function isCutOff(session: Pick<RefreshSession, 'createdAt' | 'familyId'>, cutoff: SessionCutoff | undefined): boolean {
  return cutoff !== undefined && session.createdAt < cutoff.at && session.familyId !== cutoff.keptFamilyId;
}
