import { createPrivateKey, createPublicKey, KeyObject, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { claimsFromPrincipal, Principal } from './principal';

export interface TokenSignerOptions {
  /** PKCS#8 or PKCS#1 PEM of an RSA key (>= 2048 bits). */
  privateKeyPem: string;
  keyId: string;
  /**
   * Key rotation: the key that signed before this one, still published in the JWKS so that the
   * tokens it signed verify until they expire. A PEM public key, or a private key whose public
   * half is used. Its id must differ from `keyId`.
   */
  previousKey?: { publicKeyPem: string; keyId: string };
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

function assertStrongRsa(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new Error(`The ${what} must be an RSA key of at least 2048 bits`);
  }
}

function publicJwk(key: KeyObject, kid: string): PublicJwk {
  const { kty, n, e } = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' });
  if (!kty || !n || !e) throw new Error('Could not derive the public JWK');
  return { kty, n, e, kid, alg: 'RS256', use: 'sig' };
}

/**
 * Issues RS256 access tokens and publishes the matching public key as a JWKS, plus the previous
 * key's during a rotation (verifiers pick the key by the token's `kid`). Identity only.
 */
export class TokenSigner {
  private readonly privateKey: KeyObject;
  private readonly publicJwks: PublicJwk[];

  constructor(private readonly options: TokenSignerOptions) {
    this.privateKey = createPrivateKey(options.privateKeyPem);
    assertStrongRsa(this.privateKey, 'JWT signing key');
    this.publicJwks = [publicJwk(this.privateKey, options.keyId)];
    if (options.previousKey) {
      if (options.previousKey.keyId === options.keyId) throw new Error('The previous JWT key needs a key id of its own');
      // createPublicKey takes a public key PEM, or a private key PEM and keeps its public half.
      const previous = createPublicKey(options.previousKey.publicKeyPem);
      assertStrongRsa(previous, 'previous JWT key');
      this.publicJwks.push(publicJwk(previous, options.previousKey.keyId));
    }
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
    return { keys: this.publicJwks };
  }
}
