import { z } from 'zod';

export type Role = 'staff' | 'client';

/**
 * Who is calling, as carried by an access token.
 *
 * - Staff: `firmId` is the firm they work for.
 * - Client, right after login: no `firmId`; such a token only reaches identity (list the
 *   portals, enter one).
 * - Client in a portal (identity's `POST /auth/portal`, or accepting an invitation): `firmId`
 *   is that portal's firm, `clientId` the client record they may see there, `contactId` the
 *   linked contact they are (null when they are the client themself).
 */
export interface Principal {
  userId: string;
  role: Role;
  email: string;
  firmId?: string;
  clientId?: string;
  contactId?: string | null;
}

/** What a client request in a portal is limited to. */
export interface PortalScope {
  firmId: string;
  clientId: string;
  contactId: string | null;
}

const id = z.string().min(1);

const staffClaims = z.object({ sub: id, role: z.literal('staff'), firmId: id, email: id });

// A portal scope is all three claims or none: a token naming a firm but no client record
// would let a service fall back to "the whole firm".
const clientClaims = z
  .object({ sub: id, role: z.literal('client'), email: id, firmId: id.optional(), clientId: id.optional(), contactId: id.nullable().optional() })
  .refine(
    (claims) =>
      [claims.firmId, claims.clientId, claims.contactId].every((claim) => claim === undefined) ||
      (claims.firmId !== undefined && claims.clientId !== undefined && claims.contactId !== undefined),
    {
      message: 'firmId, clientId and contactId come together (a portal scope) or not at all',
    },
  );

/**
 * The claims identity puts in an access token besides the registered ones (iss, aud, exp...).
 * Both the signer and the verifier go through this schema, so they cannot drift apart.
 */
export const accessTokenClaims = z.discriminatedUnion('role', [staffClaims, clientClaims]);
export type AccessTokenClaims = z.infer<typeof accessTokenClaims>;

export function principalFromClaims(payload: unknown): Principal | undefined {
  const parsed = accessTokenClaims.safeParse(payload);
  if (!parsed.success) return undefined;
  const claims = parsed.data;
  if (claims.role === 'staff') return { userId: claims.sub, role: 'staff', firmId: claims.firmId, email: claims.email };
  const principal: Principal = { userId: claims.sub, role: 'client', email: claims.email };
  return claims.firmId === undefined ? principal : { ...principal, firmId: claims.firmId, clientId: claims.clientId, contactId: claims.contactId };
}

export function claimsFromPrincipal(principal: Principal): AccessTokenClaims {
  const { userId: sub, role, email, firmId, clientId, contactId } = principal;
  return accessTokenClaims.parse(role === 'staff' ? { sub, role, firmId, email } : { sub, role, email, firmId, clientId, contactId });
}
