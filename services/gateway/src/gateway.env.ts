import { httpServiceEnv, positiveInt, trustProxy, url } from '@portico/config';
import { z } from 'zod';

const serviceUrl = (service: string, localPort: number) =>
  url('http', 'https')
    .default(`http://127.0.0.1:${localPort}`)
    .transform((value) => value.replace(/\/+$/, ''))
    .describe(`Base URL of the ${service} service (no path); \`/api/${service}/...\` is forwarded to it unchanged.`);

// No database, no Kafka, no token checks: every service verifies tokens itself (the portal
// home too: it forwards the caller's token to the services it is composed from).
export const gatewayEnv = httpServiceEnv.extend({
  // The gateway is where callers arrive: by default none of them is a proxy, so a caller cannot
  // choose the address its rate limits are counted under. Behind an ingress or load balancer,
  // list its addresses (in Kubernetes: the cluster's private ranges, deploy/k8s).
  TRUST_PROXY: trustProxy('none'),
  CLIENTS_URL: serviceUrl('clients', 3001),
  INVITATIONS_URL: serviceUrl('invitations', 3002),
  IDENTITY_URL: serviceUrl('identity', 3003),
  FILES_URL: serviceUrl('files', 3004),
  BILLING_URL: serviceUrl('billing', 3005),
  NOTIFICATIONS_URL: serviceUrl('notifications', 3006),
  TASKS_URL: serviceUrl('tasks', 3007),
  UPSTREAM_TIMEOUT_MS: positiveInt().default(30_000).describe("How long a proxied request may wait for the service's response."),
  PORTAL_HOME_TIMEOUT_MS: positiveInt()
    .default(3_000)
    .describe('Budget of each service call composing `GET /api/portal/home`; past it that section is null and named unavailable.'),
  PROBE_TIMEOUT_MS: positiveInt().default(2_000).describe("Budget of each service's health and OpenAPI fetch."),
});

export type GatewayConfig = z.output<typeof gatewayEnv>;
