import { httpServiceEnv, positiveInt, url } from '@portico/config';
import { z } from 'zod';

const serviceUrl = (localPort: number) =>
  url('http', 'https')
    .default(`http://127.0.0.1:${localPort}`)
    .transform((value) => value.replace(/\/+$/, ''));

// No database, no Kafka, no token checks: every service verifies tokens itself (the portal
// home too: it forwards the caller's token to the services it is composed from).
export const gatewayEnv = httpServiceEnv.extend({
  CLIENTS_URL: serviceUrl(3001),
  INVITATIONS_URL: serviceUrl(3002),
  IDENTITY_URL: serviceUrl(3003),
  FILES_URL: serviceUrl(3004),
  BILLING_URL: serviceUrl(3005),
  NOTIFICATIONS_URL: serviceUrl(3006),
  TASKS_URL: serviceUrl(3007),
  /** How long a proxied request may wait for the service's response. */
  UPSTREAM_TIMEOUT_MS: positiveInt().default(30_000),
  /** Per-service budget of each call composing GET /api/portal/home; past it the section is unavailable. */
  PORTAL_HOME_TIMEOUT_MS: positiveInt().default(3_000),
  /** Per-service budget for health and OpenAPI fetches. */
  PROBE_TIMEOUT_MS: positiveInt().default(2_000),
});

export type GatewayConfig = z.output<typeof gatewayEnv>;
