import { UnauthorizedException } from '@nestjs/common';
import { TokenSigner } from '@portico/auth';
import { generateKeyPairSync } from 'node:crypto';
import { UserRepository } from '../../accounts/domain/account.repositories';
import { type ClientUser, loginPrincipal, newClientUser, newStaffUser, portalPrincipal, type StaffUser, type User } from '../../accounts/domain/user';
import type { IdentityConfig } from '../../identity.env';
import { hashRefreshToken, newRefreshToken, RefreshSession } from '../domain/refresh-session';
import { RefreshSessionRepository } from '../domain/refresh-session.repository';
import { InvalidRefreshTokenError, RefreshTokenRotation } from '../refresh-token-rotation';
import { SessionIssuer } from '../session-issuer';
import { RefreshService } from './refresh.service';

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
  async familyOfAccessToken(userId: string, accessTokenId: string) {
    return [...this.rows.values()].find((row) => row.userId === userId && row.accessTokenId === accessTokenId)?.familyId;
  }
}

const staff: StaffUser = { ...newStaffUser({ firmId: 'f-1', name: 'Ann', email: 'ann@example.com', passwordHash: 'x' }), id: 'u-1' };
const invitation = { invitationId: 'inv-1', firmId: 'f-2', clientId: 'client-1', contactId: null };
const client: ClientUser = { ...newClientUser({ email: 'cal@example.com', passwordHash: 'x', invitation }), id: 'c-1' };
const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

describe('RefreshService', () => {
  let sessions: InMemorySessions;
  let service: RefreshService;
  let issuer: SessionIssuer;
  let stored: Map<string, User>;
  const signer = new TokenSigner({ privateKeyPem: pem, keyId: 'k', issuer: 'i', audience: 'a', ttlSeconds: 900 });
  const signed = jest.spyOn(signer, 'sign');
  const users = { findById: async (id: string) => stored.get(id) } as UserRepository;

  beforeEach(() => {
    sessions = new InMemorySessions();
    stored = new Map<string, User>([
      [staff.id, staff],
      [client.id, client],
    ]);
    issuer = new SessionIssuer(signer, sessions, { REFRESH_TOKEN_TTL_DAYS: 1 } as IdentityConfig);
    service = new RefreshService(new RefreshTokenRotation(sessions), users, issuer);
    signed.mockClear();
  });

  const login = () => issuer.issue({ userId: staff.id, role: 'staff', firmId: staff.firmId, email: staff.email }, 'family-1');
  const lastPrincipal = () => signed.mock.calls[signed.mock.calls.length - 1][0];

  it('rotates: a refresh token buys a new pair in the same family and is then spent', async () => {
    const first = await login();
    const second = await service.execute(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(lastPrincipal()).toEqual({ userId: 'u-1', role: 'staff', firmId: 'f-1', email: 'ann@example.com' });
    expect(sessions.rows.get(hashRefreshToken(second.refreshToken))?.familyId).toBe('family-1');
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
    await expect(service.execute(refreshToken, new Date(Date.now() + 2 * 24 * 3600 * 1000))).rejects.toThrow(InvalidRefreshTokenError);
    expect([...sessions.rows.values()].some((row) => row.revokedAt)).toBe(false);
  });

  it('refuses a token whose user no longer exists', async () => {
    const refreshToken = newRefreshToken();
    await sessions.insert({
      tokenHash: hashRefreshToken(refreshToken),
      familyId: 'f',
      userId: 'gone',
      portal: null,
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
      usedAt: null,
      revokedAt: null,
    });
    await expect(service.execute(refreshToken)).rejects.toThrow(InvalidRefreshTokenError);
  });

  it('keeps a session inside the portal it entered', async () => {
    const inPortal = await issuer.issue(portalPrincipal(client, client.portals[0]), 'family-2');
    await service.execute(inPortal.refreshToken);
    expect(lastPrincipal()).toEqual({ userId: 'c-1', role: 'client', email: 'cal@example.com', firmId: 'f-2', clientId: 'client-1', contactId: null });
  });

  it('gives a client outside any portal a token outside any portal', async () => {
    const plain = await issuer.issue(loginPrincipal(client), 'family-3');
    await service.execute(plain.refreshToken);
    expect(lastPrincipal()).toEqual({ userId: 'c-1', role: 'client', email: 'cal@example.com' });
  });

  it('ends a portal session once the login no longer holds that portal', async () => {
    const inPortal = await issuer.issue(portalPrincipal(client, client.portals[0]), 'family-4');
    stored.set(client.id, { ...client, portals: [] });
    await expect(service.execute(inPortal.refreshToken)).rejects.toThrow(InvalidRefreshTokenError);
  });

  it('is not an HTTP exception itself (the controller maps it to 401)', () => {
    expect(new InvalidRefreshTokenError()).not.toBeInstanceOf(UnauthorizedException);
  });

  it('refuses every session begun before the login ended its sessions, except the family it kept', async () => {
    const kept = await issuer.issue(portalPrincipal(client, client.portals[0]), 'family-kept');
    const other = await issuer.issue(loginPrincipal(client), 'family-other');
    stored.set(client.id, { ...client, sessionCutoff: { at: new Date(Date.now() + 1000), keptFamilyId: 'family-kept' } });
    await expect(service.execute(other.refreshToken)).rejects.toThrow(InvalidRefreshTokenError);
    await expect(service.execute(kept.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('lets a session begun after the cutoff (a new login) refresh', async () => {
    stored.set(client.id, { ...client, sessionCutoff: { at: new Date(Date.now() - 1000), keptFamilyId: null } });
    const fresh = await issuer.issue(loginPrincipal(client), 'family-new');
    await expect(service.execute(fresh.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('records which access token each refresh token was issued with, so a request can name its session', async () => {
    const pair = await issuer.issue(loginPrincipal(client), 'family-5');
    const { jti } = JSON.parse(Buffer.from(pair.accessToken.split('.')[1], 'base64url').toString()) as { jti: string };
    await expect(sessions.familyOfAccessToken(client.id, jti)).resolves.toBe('family-5');
  });
});
