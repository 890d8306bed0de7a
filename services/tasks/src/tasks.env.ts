import { baseServiceEnv } from '@portico/config';
import { eventsEnv } from '@portico/platform';
import { z } from 'zod';

/** The common variables only (docs/configuration.md). */
export const tasksEnv = baseServiceEnv.extend(eventsEnv.shape);

export type TasksConfig = z.output<typeof tasksEnv>;
