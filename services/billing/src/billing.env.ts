import { baseServiceEnv } from '@portico/config';
import { eventsEnv } from '@portico/platform';
import { z } from 'zod';

/** The common variables only (docs/configuration.md). */
export const billingEnv = baseServiceEnv.extend(eventsEnv.shape);

export type BillingConfig = z.output<typeof billingEnv>;
