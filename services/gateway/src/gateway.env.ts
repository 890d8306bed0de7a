import { httpServiceEnv, positiveInt, trustProxy, urlList } from '@portico/config';
import { z } from 'zod';

const serviceUrls = (service: string, localPort: number) =>
  urlList('http', 'https')
    // Listed twice is the same replica: it gets no extra share.
    .transform((urls) => [...new Set(urls.map((value) => value.replace(/\/+$/, '')))])
    .default([`http://127.0.0.1:${localPort}`])
    .describe(
      `Base URL of the ${service} service (no path); \`/api/${service}/...\` is forwarded to it unchanged. ` +
        'Several comma-separated URLs are replicas: the gateway takes turns among those whose `/health/ready` answers 200, and tries another when one cannot be reached (D35). A single URL (e.g. a Kubernetes Service) is always used and never checked.',
    );

// No database, no Kafka, no token checks: every service verifies tokens itself (the portal
// home too: it forwards the caller's token to the services it is composed from).
export const gatewayEnv = httpServiceEnv.extend({
  // The gateway is where callers arrive: by default none of them is a proxy, so a caller cannot
  // choose the address its rate limits are counted under. Behind an ingress or load balancer,
  // list its addresses (in Kubernetes: the cluster's private ranges, deploy/k8s).
  TRUST_PROXY: trustProxy('none'),
  CLIENTS_URL: serviceUrls('clients', 3001),
  INVITATIONS_URL: serviceUrls('invitations', 3002),
  IDENTITY_URL: serviceUrls('identity', 3003),
  FILES_URL: serviceUrls('files', 3004),
  BILLING_URL: serviceUrls('billing', 3005),
  NOTIFICATIONS_URL: serviceUrls('notifications', 3006),
  TASKS_URL: serviceUrls('tasks', 3007),
  UPSTREAM_TIMEOUT_MS: positiveInt().default(30_000).describe("How long a proxied request may wait for the service's response."),
  PORTAL_HOME_TIMEOUT_MS: positiveInt()
    .default(3_000)
    .describe('Budget of each service call composing `GET /api/portal/home`; past it that section is null and named unavailable.'),
  PROBE_TIMEOUT_MS: positiveInt().default(2_000).describe("Budget of each fetch of a service's health (replica checks included) and OpenAPI document."),
  UPSTREAM_CHECK_INTERVAL_MS: positiveInt()
    .default(1_000)
    .describe(
      "For a service given several URLs: how often each one's `/health/ready` is asked. A replica answering anything but 200, or nothing within PROBE_TIMEOUT_MS, gets no requests until it answers 200 again.",
    ),
});

export type GatewayConfig = z.output<typeof gatewayEnv>;
