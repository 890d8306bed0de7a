import { createPrivateKey, createPublicKey, KeyObject, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { claimsFromPrincipal, Principal } from './principal';

export interface TokenSignerOptions {
  /** PKCS#8 or PKCS#1 PEM of an RSA key (>= 2048 bits). */
  privateKeyPem: string;
  keyId: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface PublicJwk {
  kty: string;
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

export interface SignedAccessToken {
  token: string;
  expiresIn: number;
}

/** Issues RS256 access tokens and publishes the matching public key as a JWKS. Identity only. */
export class TokenSigner {
  private readonly privateKey: KeyObject;
  private readonly publicJwk: PublicJwk;

  constructor(private readonly options: TokenSignerOptions) {
    this.privateKey = createPrivateKey(options.privateKeyPem);
    const details = this.privateKey.asymmetricKeyDetails;
    if (this.privateKey.asymmetricKeyType !== 'rsa' || (details?.modulusLength ?? 0) < 2048) {
      throw new Error('The JWT signing key must be an RSA key of at least 2048 bits');
    }
    const { kty, n, e } = createPublicKey(this.privateKey).export({ format: 'jwk' });
    if (!kty || !n || !e) throw new Error('Could not derive the public JWK');
    this.publicJwk = { kty, n, e, kid: options.keyId, alg: 'RS256', use: 'sig' };
  }

  sign(principal: Principal): SignedAccessToken {
    const token = jwt.sign(claimsFromPrincipal(principal), this.privateKey, {
      algorithm: 'RS256',
      keyid: this.options.keyId,
      issuer: this.options.issuer,
      audience: this.options.audience,
      expiresIn: this.options.ttlSeconds,
      jwtid: randomUUID(),
    });
    return { token, expiresIn: this.options.ttlSeconds };
  }

  jwks(): { keys: PublicJwk[] } {
    return { keys: [this.publicJwk] };
  }
}
