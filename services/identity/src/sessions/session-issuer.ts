import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Principal, TokenSigner } from '@portico/auth';
import { InjectConfig } from '@portico/config';
import jwt from 'jsonwebtoken';
import { v7 as uuidv7 } from 'uuid';
import type { IdentityConfig } from '../identity.env';
import { hashRefreshToken, newRefreshToken, SessionPortal } from './domain/refresh-session';
import { RefreshSessionRepository } from './domain/refresh-session.repository';

export class TokenPairDto {
  @ApiProperty({ description: 'RS256 JWT, send as `Authorization: Bearer <token>`' })
  accessToken!: string;

  @ApiProperty({ description: 'Single use: each refresh returns a new one' })
  refreshToken!: string;

  @ApiProperty({ description: 'Access token lifetime in seconds' })
  expiresIn!: number;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';
}

/** The portal a client principal is scoped to, which its refresh tokens keep. */
function portalOf(principal: Principal): SessionPortal | null {
  return principal.role === 'client' && principal.firmId !== undefined && principal.clientId !== undefined
    ? { firmId: principal.firmId, clientId: principal.clientId }
    : null;
}

/** The `jti` of an access token (verified already, or just signed). */
export function accessTokenIdOf(accessToken: string): string | undefined {
  const payload = jwt.decode(accessToken);
  return typeof payload === 'object' && typeof payload?.jti === 'string' ? payload.jti : undefined;
}

/** Mints an access token plus the next refresh token of a (new or continuing) family. */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly signer: TokenSigner,
    private readonly sessions: RefreshSessionRepository,
    @InjectConfig() private readonly config: IdentityConfig,
  ) {}

  async issue(principal: Principal, familyId: string = uuidv7(), now = new Date()): Promise<TokenPairDto> {
    const refreshToken = newRefreshToken();
    const { token, expiresIn } = this.signer.sign(principal);
    await this.sessions.insert({
      tokenHash: hashRefreshToken(refreshToken),
      familyId,
      userId: principal.userId,
      portal: portalOf(principal),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_DAYS * 24 * 3600 * 1000),
      usedAt: null,
      revokedAt: null,
      accessTokenId: accessTokenIdOf(token),
    });
    return { accessToken: token, refreshToken, expiresIn, tokenType: 'Bearer' };
  }
}
