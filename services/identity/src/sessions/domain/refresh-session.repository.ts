import type { RefreshSession } from './refresh-session';

export abstract class RefreshSessionRepository {
  abstract insert(session: RefreshSession): Promise<void>;
  /**
   * Atomically marks the token used if it is unused, unrevoked and unexpired, and returns it;
   * undefined otherwise. Two concurrent refreshes with one token: exactly one wins.
   */
  abstract claim(tokenHash: string, now: Date): Promise<RefreshSession | undefined>;
  abstract findByHash(tokenHash: string): Promise<RefreshSession | undefined>;
  abstract revokeFamily(familyId: string, now: Date): Promise<void>;
  /** The family of the session that issued this access token (by its `jti`), if it is one of `userId`'s. */
  abstract familyOfAccessToken(userId: string, accessTokenId: string): Promise<string | undefined>;
}
