import { Controller, ExecutionContext, Get, INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { AuthModule } from './auth.module';
import { CurrentUser, Public, Roles } from './decorators';
import { JwtAuthGuard, RolesGuard } from './guards';
import type { Principal } from './principal';
import { TokenSigner } from './token-signer';

const ISSUER = 'portico-identity';
const AUDIENCE = 'portico';

@Controller()
class ProbeController {
  @Get('me')
  me(@CurrentUser() user: Principal) {
    return user;
  }

  @Public()
  @Get('open')
  open() {
    return { open: true };
  }

  @Roles('staff')
  @Get('staff-only')
  staffOnly() {
    return { ok: true };
  }
}

describe('AuthModule + TokenSigner', () => {
  let privateKey: KeyObject;
  let privatePem: string;
  let signer: TokenSigner;
  let jwksServer: Server;
  let jwksRequests = 0;
  let app: INestApplication;

  const staff: Principal = { userId: 'u-1', role: 'staff', firmId: 'firm-1', email: 'ann@example.com' };
  const clientLogin: Principal = { userId: 'c-1', role: 'client', email: 'c@example.com' };
  const clientInPortal: Principal = { ...clientLogin, firmId: 'firm-1', clientId: 'client-9', contactId: null };

  beforeAll(async () => {
    ({ privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
    privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    signer = new TokenSigner({ privateKeyPem: privatePem, keyId: 'key-1', issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 900 });

    jwksServer = createServer((_req, res) => {
      jwksRequests += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(signer.jwks()));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;

    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ jwksUri: `http://127.0.0.1:${port}/jwks.json`, issuer: ISSUER, audience: AUDIENCE })],
      controllers: [ProbeController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  const get = (path: string, token?: string) => {
    const req = request(app.getHttpServer()).get(path);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };
  const forge = (payload: object, options: jwt.SignOptions) =>
    jwt.sign({ sub: 'u-1', role: 'staff', firmId: 'firm-1', email: 'ann@example.com', exp: Math.floor(Date.now() / 1000) + 60, ...payload }, privateKey, {
      algorithm: 'RS256',
      keyid: 'key-1',
      issuer: ISSUER,
      audience: AUDIENCE,
      ...options,
    });

  it('accepts a token from TokenSigner and exposes the principal', async () => {
    const res = await get('/me', signer.sign(staff).token).expect(200);
    expect(res.body).toEqual(staff);
  });

  it('publishes an RS256 signing JWK with the key id and no private parts', () => {
    const [key] = signer.jwks().keys;
    expect(key).toEqual({ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: 'key-1', alg: 'RS256', use: 'sig' });
    expect(key).not.toHaveProperty('d');
  });

  it('signs 15-minute style tokens carrying kid, iss, aud and the role claims', () => {
    const { token, expiresIn } = signer.sign(clientInPortal);
    const decoded = jwt.decode(token, { complete: true });
    expect(expiresIn).toBe(900);
    expect(decoded?.header).toMatchObject({ alg: 'RS256', kid: 'key-1' });
    expect(decoded?.payload).toMatchObject({ sub: 'c-1', role: 'client', firmId: 'firm-1', clientId: 'client-9', contactId: null, iss: ISSUER, aud: AUDIENCE });
  });

  it('round-trips a client token scoped to a portal, and one that is not (yet)', async () => {
    await get('/me', signer.sign(clientInPortal).token).expect(200, clientInPortal);
    await get('/me', signer.sign(clientLogin).token).expect(200, clientLogin);
  });

  it('refuses to sign, and refuses to accept, a client token with half a portal scope', async () => {
    expect(() => signer.sign({ ...clientLogin, firmId: 'firm-1' })).toThrow();
    await get('/me', forge({ role: 'client', firmId: 'firm-1', clientId: undefined }, {})).expect(401);
    await get('/me', forge({ role: 'client', firmId: undefined, clientId: 'client-9', contactId: null }, {})).expect(401);
  });

  it('refuses a request without a token', async () => {
    await get('/me').expect(401);
  });

  it('lets @Public() routes through without a token', async () => {
    await get('/open').expect(200, { open: true });
  });

  it('refuses an HS256 token signed with the public key as the secret', async () => {
    const publicPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
    const token = jwt.sign({ sub: 'u-1', role: 'staff', firmId: 'firm-1', email: 'x@example.com' }, publicPem, {
      algorithm: 'HS256',
      keyid: 'key-1',
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    await get('/me', token).expect(401);
  });

  it('refuses an unsigned alg=none token', async () => {
    const token = jwt.sign({ sub: 'u-1', role: 'staff', firmId: 'firm-1', email: 'x@example.com' }, '', {
      algorithm: 'none',
      keyid: 'key-1',
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    await get('/me', token).expect(401);
  });

  it('refuses a token from another issuer', async () => {
    await get('/me', forge({}, { issuer: 'someone-else' })).expect(401);
  });

  it('refuses a token for another audience', async () => {
    await get('/me', forge({}, { audience: 'other-api' })).expect(401);
  });

  it('refuses an expired token', async () => {
    await get('/me', forge({ exp: Math.floor(Date.now() / 1000) - 60 }, {})).expect(401);
  });

  it('refuses a token whose kid is not in the JWKS', async () => {
    const before = jwksRequests;
    await get('/me', forge({}, { keyid: 'unknown-kid' })).expect(401);
    expect(jwksRequests).toBeGreaterThan(before);
  });

  it('refuses a correctly signed token whose claims do not describe a principal', async () => {
    await get('/me', forge({ role: 'admin' }, {})).expect(401);
  });

  it('enforces @Roles()', async () => {
    const client = signer.sign(clientInPortal).token;
    await get('/staff-only', client).expect(403);
    await get('/staff-only', signer.sign(staff).token).expect(200);
  });
});

describe('key rotation (JWKS with the previous key)', () => {
  const pemOf = (key: KeyObject) => key.export({ format: 'pem', type: 'pkcs8' }).toString();
  const keyA = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyB = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const options = { issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 900 };
  const staff: Principal = { userId: 'u-1', role: 'staff', firmId: 'firm-1', email: 'ann@example.com' };
  const beforeRotation = new TokenSigner({ ...options, privateKeyPem: pemOf(keyA.privateKey), keyId: 'key-a' });
  const publicA = keyA.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const afterRotation = new TokenSigner({
    ...options,
    privateKeyPem: pemOf(keyB.privateKey),
    keyId: 'key-b',
    previousKey: { publicKeyPem: publicA, keyId: 'key-a' },
  });
  let jwksServer: Server;
  let app: INestApplication;

  beforeAll(async () => {
    // Identity after the rotation: B signs, A is still published.
    jwksServer = createServer((_req, res) => res.end(JSON.stringify(afterRotation.jwks())));
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ jwksUri: `http://127.0.0.1:${port}/jwks.json`, issuer: ISSUER, audience: AUDIENCE })],
      controllers: [ProbeController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  const me = (token: string) => request(app.getHttpServer()).get('/me').set('Authorization', `Bearer ${token}`);

  it('publishes the current key first and the previous one by its own id, public parts only', () => {
    const keys = afterRotation.jwks().keys;
    expect(keys.map((key) => key.kid)).toEqual(['key-b', 'key-a']);
    expect(keys[1]).toEqual(beforeRotation.jwks().keys[0]);
    for (const key of keys) expect(key).not.toHaveProperty('d');
  });

  it('accepts tokens of both keys and signs new ones with the current key', async () => {
    await me(beforeRotation.sign(staff).token).expect(200, staff);
    const fresh = afterRotation.sign(staff).token;
    expect(jwt.decode(fresh, { complete: true })?.header.kid).toBe('key-b');
    await me(fresh).expect(200, staff);
  });

  it('refuses a token of a key it does not publish, also under a published key id', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const unknown = new TokenSigner({ ...options, privateKeyPem: pemOf(stranger), keyId: 'key-x' });
    await me(unknown.sign(staff).token).expect(401);
    const impostor = new TokenSigner({ ...options, privateKeyPem: pemOf(stranger), keyId: 'key-a' });
    await me(impostor.sign(staff).token).expect(401);
  });

  it('takes the previous key as a private key PEM, publishing only its public half', () => {
    const fromPrivate = new TokenSigner({
      ...options,
      privateKeyPem: pemOf(keyB.privateKey),
      keyId: 'key-b',
      previousKey: { publicKeyPem: pemOf(keyA.privateKey), keyId: 'key-a' },
    });
    expect(fromPrivate.jwks()).toEqual(afterRotation.jwks());
  });

  it('refuses a previous key under the current key id, or a weak one', () => {
    expect(
      () => new TokenSigner({ ...options, privateKeyPem: pemOf(keyB.privateKey), keyId: 'key-a', previousKey: { publicKeyPem: publicA, keyId: 'key-a' } }),
    ).toThrow('key id of its own');
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(
      () => new TokenSigner({ ...options, privateKeyPem: pemOf(keyB.privateKey), keyId: 'key-b', previousKey: { publicKeyPem: weak, keyId: 'key-a' } }),
    ).toThrow('at least 2048 bits');
  });
});

describe('TokenSigner', () => {
  it('refuses RSA keys shorter than 2048 bits', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => new TokenSigner({ privateKeyPem: pem, keyId: 'k', issuer: 'i', audience: 'a', ttlSeconds: 60 })).toThrow('at least 2048 bits');
  });
});

describe('guards outside HTTP', () => {
  it('let Kafka handlers through: messages carry no token, the broker and the contracts are their boundary', () => {
    const rpc = { getType: () => 'rpc', getHandler: () => undefined, getClass: () => undefined } as unknown as ExecutionContext;
    const reflector = { getAllAndOverride: () => ['staff'] } as unknown as Reflector;
    expect(new JwtAuthGuard(reflector).canActivate(rpc)).toBe(true);
    expect(new RolesGuard(reflector).canActivate(rpc)).toBe(true);
  });
});
