import { z } from 'zod';

/** Ids are opaque strings to consumers (each service picks its own id scheme). */
export const Id = z.string().trim().min(1).max(100);

export const Email = z.email().max(320);
