import { z } from 'zod';

// Field builders whose messages read as a rule after the variable name
// ("PORT must be an integer between 1 and 65535"), so boot errors need no decoding.

export const port = () =>
  z.coerce
    .number({ error: 'must be an integer between 1 and 65535' })
    .int({ error: 'must be an integer between 1 and 65535' })
    .min(1, { error: 'must be an integer between 1 and 65535' })
    .max(65535, { error: 'must be an integer between 1 and 65535' });

export const positiveInt = () =>
  z.coerce.number({ error: 'must be a positive integer' }).int({ error: 'must be a positive integer' }).positive({ error: 'must be a positive integer' });

export const text = () => z.string().trim().min(1, { error: 'must not be empty' });

/** A URL whose scheme is one of `protocols` (e.g. 'http', 'mongodb'). */
export const url = (...protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        const scheme = new URL(value).protocol.slice(0, -1);
        return protocols.length === 0 || protocols.includes(scheme);
      } catch {
        return false;
      }
    },
    { error: `must be a URL${protocols.length ? ` (${protocols.join(', ')})` : ''}` },
  );

/**
 * Comma-separated URLs ("http://a:3001, http://b:3001") into a non-empty array, each one's
 * scheme one of `protocols`. A bad entry is named by its position, never by its value.
 */
export const urlList = (...protocols: string[]) => {
  const single = url(...protocols);
  const rule = `must be one URL or comma-separated URLs${protocols.length ? ` (${protocols.join(', ')})` : ''}`;
  return z.string().transform((value, ctx) => {
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const bad = items.findIndex((item) => !single.safeParse(item).success);
    if (items.length === 0 || bad >= 0) {
      ctx.addIssue({ code: 'custom', message: items.length === 0 ? rule : `${rule}: entry ${bad + 1} is not one` });
      return z.NEVER;
    }
    return items;
  });
};

/** Comma-separated list ("a:1, b:2") into a non-empty string array. */
export const csv = () =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .refine((items) => items.length > 0, { error: 'must be a comma-separated list with at least one entry' });

/** "true"/"false"/"1"/"0": `z.coerce.boolean()` would read "false" as true. */
export const flag = () => z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).transform((value) => value === 'true' || value === '1');
