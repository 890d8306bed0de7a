import { baseServiceEnv } from '@portico/config';
import { eventsEnv } from '@portico/platform';
import { z } from 'zod';

/** The common variables only (docs/configuration.md). */
export const clientsEnv = baseServiceEnv.extend(eventsEnv.shape);

export type ClientsConfig = z.output<typeof clientsEnv>;
