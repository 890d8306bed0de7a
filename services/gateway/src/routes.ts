import type { GatewayConfig } from './gateway.env';

export const SERVICES = ['clients', 'invitations', 'identity', 'files', 'billing', 'notifications', 'tasks'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ServiceRoute {
  service: ServiceName;
  /** Requests under `/api/<service>` go to `<base URL>/api/<service>/...` (the path is kept). */
  prefix: string;
  /** One, or the service's replicas (the gateway balances over them, upstreams/). */
  baseUrls: readonly string[];
}

export function serviceRoutes(config: GatewayConfig): ServiceRoute[] {
  const urls: Record<ServiceName, readonly string[]> = {
    clients: config.CLIENTS_URL,
    invitations: config.INVITATIONS_URL,
    identity: config.IDENTITY_URL,
    files: config.FILES_URL,
    billing: config.BILLING_URL,
    notifications: config.NOTIFICATIONS_URL,
    tasks: config.TASKS_URL,
  };
  return SERVICES.map((service) => ({ service, prefix: `/api/${service}`, baseUrls: urls[service] }));
}

/** The route whose prefix is a whole leading segment of `path` (`/api/clientsX` matches nothing). */
export function routeFor(routes: readonly ServiceRoute[], path: string): ServiceRoute | undefined {
  const pathname = path.split('?')[0];
  return routes.find((route) => pathname === route.prefix || pathname.startsWith(`${route.prefix}/`));
}
