import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Principal, principalFromClaims } from './principal';

export interface AuthOptions {
  jwksUri: string;
  issuer: string;
  audience: string;
  /** Cap on JWKS fetches, which unknown `kid`s trigger. */
  jwksRequestsPerMinute?: number;
}

export const AUTH_OPTIONS = 'PORTICO_AUTH_OPTIONS';
export const JWT_STRATEGY = 'portico-jwt';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(@Inject(AUTH_OPTIONS) options: AuthOptions) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: passportJwtSecret({
        jwksUri: options.jwksUri,
        cache: true,
        rateLimit: true,
        jwksRequestsPerMinute: options.jwksRequestsPerMinute ?? 10,
      }),
      // Pinned: an HS256 token "signed" with the public key, or alg=none, never verifies.
      algorithms: ['RS256'],
      issuer: options.issuer,
      audience: options.audience,
      ignoreExpiration: false,
    });
  }

  validate(payload: unknown): Principal {
    const principal = principalFromClaims(payload);
    if (!principal) throw new UnauthorizedException();
    return principal;
  }
}
