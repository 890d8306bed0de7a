import { httpServiceEnv, jwtVerifyEnv, kafkaEnv, mongoEnv } from '@portico/config';
import { eventsEnv } from '@portico/platform';
import type { z } from 'zod';
// Each service's env schema, the one its bootstrap validates (eslint.config.mjs allows these imports, and only these).
import { billingEnv } from '../../../services/billing/src/billing.env';
import { clientsEnv } from '../../../services/clients/src/clients.env';
import { filesEnv } from '../../../services/files/src/files.env';
import { gatewayEnv } from '../../../services/gateway/src/gateway.env';
import { identityEnv } from '../../../services/identity/src/identity.env';
import { invitationsEnv } from '../../../services/invitations/src/invitations.env';
import { notificationsEnv } from '../../../services/notifications/src/notifications.env';
import { tasksEnv } from '../../../services/tasks/src/tasks.env';

export interface VariableGroup {
  title: string;
  /** Who reads the group. */
  readBy: string;
  schema: z.ZodObject;
}

/** The building blocks every service's schema is made of, in the order the reference lists them. */
export const COMMON_GROUPS: VariableGroup[] = [
  { title: 'HTTP', readBy: 'every process, the gateway too', schema: httpServiceEnv },
  { title: 'MongoDB', readBy: 'every service but the gateway', schema: mongoEnv },
  { title: 'Kafka', readBy: 'every service but the gateway', schema: kafkaEnv },
  { title: 'Access tokens', readBy: 'every service but the gateway (identity verifies its own tokens the same way)', schema: jwtVerifyEnv },
  { title: 'Outbox relay', readBy: 'every service but the gateway', schema: eventsEnv },
];

export interface ServiceSchema {
  service: string;
  /** Where its schema is declared (relative to the workspace root). */
  file: string;
  schema: z.ZodObject;
}

export const SERVICE_SCHEMAS: ServiceSchema[] = [
  { service: 'gateway', file: 'services/gateway/src/gateway.env.ts', schema: gatewayEnv },
  { service: 'identity', file: 'services/identity/src/identity.env.ts', schema: identityEnv },
  { service: 'clients', file: 'services/clients/src/clients.env.ts', schema: clientsEnv },
  { service: 'invitations', file: 'services/invitations/src/invitations.env.ts', schema: invitationsEnv },
  { service: 'notifications', file: 'services/notifications/src/notifications.env.ts', schema: notificationsEnv },
  { service: 'tasks', file: 'services/tasks/src/tasks.env.ts', schema: tasksEnv },
  { service: 'files', file: 'services/files/src/files.env.ts', schema: filesEnv },
  { service: 'billing', file: 'services/billing/src/billing.env.ts', schema: billingEnv },
];
