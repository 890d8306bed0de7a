import { generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

export interface TestPrincipal {
  userId: string;
  role: 'staff' | 'client';
  firmId?: string;
  /** Client tokens inside a portal: the client record (and contact) they act as. */
  clientId?: string;
  contactId?: string | null;
  email?: string;
}

/**
 * Test tokens are minted here, by the harness, never by a route of production code:
 * a throw-away RSA key served as a JWKS on a loopback port, which the service under test
 * is pointed at through JWKS_URI.
 */
export class TestTokenIssuer {
  readonly issuer = 'portico-test';
  readonly audience = 'portico';
  private readonly kid = randomUUID();
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private server?: Server;
  private url?: string;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  /** Serves the JWKS and returns its URL. */
  async start(): Promise<string> {
    const jwks = JSON.stringify({ keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] });
    this.server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
    return this.url;
  }

  get jwksUri(): string {
    if (!this.url) throw new Error('TestTokenIssuer.start() has not been called');
    return this.url;
  }

  /** Environment a service needs to trust these tokens. */
  env(): Record<string, string> {
    return { JWKS_URI: this.jwksUri, JWT_ISSUER: this.issuer, JWT_AUDIENCE: this.audience };
  }

  mint(principal: TestPrincipal, expiresInSeconds = 900): string {
    const { userId, ...claims } = principal;
    return jwt.sign(claims, this.privateKey, {
      algorithm: 'RS256',
      keyid: this.kid,
      subject: userId,
      issuer: this.issuer,
      audience: this.audience,
      expiresIn: expiresInSeconds,
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
