import { baseServiceEnv, positiveInt, text } from '@portico/config';
import { eventsEnv } from '@portico/platform';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

type KeyVariables = { JWT_PRIVATE_KEY?: string; JWT_PRIVATE_KEY_FILE?: string };

export const identityEnv = baseServiceEnv
  .extend({
    /** PEM of the RSA signing key; literal "\n" sequences are accepted (single-line env files). */
    JWT_PRIVATE_KEY: text().optional(),
    /** Path of a PEM file (a mounted k8s secret); alternative to JWT_PRIVATE_KEY. */
    JWT_PRIVATE_KEY_FILE: text().optional(),
    /** `kid` of the signing key, published in the JWKS. Change it when rotating the key. */
    JWT_KEY_ID: text(),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt().default(900),
    REFRESH_TOKEN_TTL_DAYS: positiveInt().default(30),
    /** Login attempts per minute for one IP+email pair (ten times that per IP). */
    LOGIN_RATE_LIMIT_PER_MINUTE: positiveInt().default(10),
    /** Requests per minute for one invitation link, to open it and to accept it (ten times that per IP). */
    INVITATION_RATE_LIMIT_PER_MINUTE: positiveInt().default(10),
  })
  .extend(eventsEnv.shape)
  // Also when other variables are invalid: one failed boot names every problem.
  .superRefine((config, ctx) => checkSigningKey(config, ctx), { when: () => true });

export type IdentityConfig = z.output<typeof identityEnv>;

export function signingKeyPem(config: KeyVariables): string {
  if (config.JWT_PRIVATE_KEY !== undefined) return config.JWT_PRIVATE_KEY.replace(/\\n/g, '\n');
  return readFileSync(config.JWT_PRIVATE_KEY_FILE ?? '', 'utf8');
}

function checkSigningKey(config: KeyVariables, ctx: z.RefinementCtx): void {
  if ((config.JWT_PRIVATE_KEY === undefined) === (config.JWT_PRIVATE_KEY_FILE === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['JWT_PRIVATE_KEY'], message: 'or JWT_PRIVATE_KEY_FILE must be set (exactly one of them)' });
    return;
  }
  try {
    const key = createPrivateKey(signingKeyPem(config));
    if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new Error('not RSA >= 2048');
  } catch {
    const variable = config.JWT_PRIVATE_KEY !== undefined ? 'JWT_PRIVATE_KEY' : 'JWT_PRIVATE_KEY_FILE';
    ctx.addIssue({ code: 'custom', path: [variable], message: 'must hold (or name a readable file holding) a PEM RSA private key of at least 2048 bits' });
  }
}
