import { z } from 'zod';

export type Role = 'staff' | 'client';

/** Who is calling, as carried by an access token. */
export interface Principal {
  userId: string;
  /** Staff: the firm they work for. */
  firmId?: string;
  role: Role;
  /** Clients: the firms whose portals they may enter. */
  portals?: string[];
  email: string;
}

/**
 * The claims identity puts in an access token besides the registered ones (iss, aud, exp...).
 * Both the signer and the verifier go through this schema, so they cannot drift apart.
 */
export const accessTokenClaims = z.discriminatedUnion('role', [
  z.object({ sub: z.string().min(1), role: z.literal('staff'), firmId: z.string().min(1), email: z.string().min(1) }),
  z.object({ sub: z.string().min(1), role: z.literal('client'), portals: z.array(z.string().min(1)), email: z.string().min(1) }),
]);
export type AccessTokenClaims = z.infer<typeof accessTokenClaims>;

export function principalFromClaims(payload: unknown): Principal | undefined {
  const parsed = accessTokenClaims.safeParse(payload);
  if (!parsed.success) return undefined;
  const claims = parsed.data;
  return claims.role === 'staff'
    ? { userId: claims.sub, role: 'staff', firmId: claims.firmId, email: claims.email }
    : { userId: claims.sub, role: 'client', portals: claims.portals, email: claims.email };
}

export function claimsFromPrincipal(principal: Principal): AccessTokenClaims {
  return accessTokenClaims.parse(
    principal.role === 'staff'
      ? { sub: principal.userId, role: 'staff', firmId: principal.firmId, email: principal.email }
      : { sub: principal.userId, role: 'client', portals: principal.portals ?? [], email: principal.email },
  );
}
