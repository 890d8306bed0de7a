import { baseServiceEnv, positiveInt, text } from '@portico/config';
import { eventsEnv } from '@portico/platform';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { z } from 'zod';

/** A PEM, with literal "\n" sequences accepted (single-line env files have them). */
const pem = () => text().transform((value) => value.replace(/\\n/g, '\n').trim());

const MIN_RSA_BITS = 2048;
const isStrongRsa = (key: { asymmetricKeyType?: string; asymmetricKeyDetails?: { modulusLength?: number } }) =>
  key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS;

function holds(read: () => { asymmetricKeyType?: string }): boolean {
  try {
    return isStrongRsa(read());
  } catch {
    return false;
  }
}

export const identityEnv = baseServiceEnv
  .extend({
    JWT_PRIVATE_KEY: pem()
      .refine((value) => holds(() => createPrivateKey(value)), { error: `must be a PEM RSA private key of at least ${MIN_RSA_BITS} bits` })
      .describe('PEM of the RSA key (>= 2048 bits) that signs access tokens. Literal "\\n" sequences are accepted.'),
    JWT_KEY_ID: text().describe('`kid` of the signing key, published in the JWKS. A new key needs a new id.'),
    JWT_PREVIOUS_PUBLIC_KEY: pem()
      .refine((value) => holds(() => createPublicKey(value)), { error: `must be a PEM RSA public (or private) key of at least ${MIN_RSA_BITS} bits` })
      .optional()
      .describe(
        'Key rotation: a PEM public key the JWKS also serves (a private key PEM is accepted, only its public half is used), ' +
          'so tokens it signed stay valid. Set with JWT_PREVIOUS_KEY_ID.',
      ),
    JWT_PREVIOUS_KEY_ID: text().optional().describe('`kid` of JWT_PREVIOUS_PUBLIC_KEY; differs from JWT_KEY_ID.'),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt().default(900).describe('Lifetime of an access token (a JWT valid until it expires, D18).'),
    REFRESH_TOKEN_TTL_DAYS: positiveInt().default(30).describe('Lifetime of a refresh session.'),
    LOGIN_RATE_LIMIT_PER_MINUTE: positiveInt().default(10).describe('Login attempts per minute for one IP+email pair (ten times that per IP).'),
    INVITATION_RATE_LIMIT_PER_MINUTE: positiveInt()
      .default(10)
      .describe('Requests per minute for one invitation link, to open it and to accept it (ten times that per IP).'),
  })
  .extend(eventsEnv.shape)
  // Also when other variables are invalid: one failed boot names every problem.
  .superRefine((config, ctx) => checkPreviousKey(config, ctx), { when: () => true });

export type IdentityConfig = z.output<typeof identityEnv>;

type PreviousKeyVariables = { JWT_KEY_ID?: unknown; JWT_PREVIOUS_PUBLIC_KEY?: unknown; JWT_PREVIOUS_KEY_ID?: unknown };

function checkPreviousKey(config: PreviousKeyVariables, ctx: z.RefinementCtx): void {
  if ((config.JWT_PREVIOUS_PUBLIC_KEY === undefined) !== (config.JWT_PREVIOUS_KEY_ID === undefined)) {
    const [missing, other] =
      config.JWT_PREVIOUS_KEY_ID === undefined ? ['JWT_PREVIOUS_KEY_ID', 'JWT_PREVIOUS_PUBLIC_KEY'] : ['JWT_PREVIOUS_PUBLIC_KEY', 'JWT_PREVIOUS_KEY_ID'];
    ctx.addIssue({ code: 'custom', path: [missing], message: `is required when ${other} is set` });
  } else if (config.JWT_PREVIOUS_KEY_ID !== undefined && config.JWT_PREVIOUS_KEY_ID === config.JWT_KEY_ID) {
    ctx.addIssue({ code: 'custom', path: ['JWT_PREVIOUS_KEY_ID'], message: 'must differ from JWT_KEY_ID (verifiers find keys by id)' });
  }
}
