// The processes `./portico start` runs and the ports each gets (the benchmarks read them too).
export interface ServiceDef {
  name: string;
  port: number;
  /** Prometheus endpoint (METRICS_PORT): 9460 + the last digit of the service's port, 9460 for the gateway. */
  metricsPort: number;
}

// Start order does not matter (tokens are verified lazily against identity's JWKS); the
// gateway goes last so that it answers only once the services it routes to are up.
export const SERVICES: ServiceDef[] = [
  { name: 'identity', port: 3003, metricsPort: 9463 },
  { name: 'clients', port: 3001, metricsPort: 9461 },
  { name: 'invitations', port: 3002, metricsPort: 9462 },
  { name: 'files', port: 3004, metricsPort: 9464 },
  { name: 'billing', port: 3005, metricsPort: 9465 },
  { name: 'notifications', port: 3006, metricsPort: 9466 },
  { name: 'tasks', port: 3007, metricsPort: 9467 },
];
export const GATEWAY: ServiceDef = { name: 'gateway', port: 8080, metricsPort: 9460 };

/** `PORTICO_METRICS=off ./portico start`: no METRICS_PORT, so no /metrics and no process collectors (bench:observability compares). */
export function metricsOn(env: NodeJS.ProcessEnv): boolean {
  return env.PORTICO_METRICS !== 'off';
}

export function portOf(def: ServiceDef, env: NodeJS.ProcessEnv, kind: 'PORT' | 'METRICS_PORT' = 'PORT'): number {
  const raw = env[`PORTICO_${def.name.toUpperCase()}_${kind}`];
  return raw ? Number(raw) : kind === 'PORT' ? def.port : def.metricsPort;
}

/** Where `./portico start` serves /metrics: the gateway's port, then each service's (none when metrics are off). */
export function metricsPorts(env: NodeJS.ProcessEnv): number[] {
  return metricsOn(env) ? [GATEWAY, ...SERVICES].map((def) => portOf(def, env, 'METRICS_PORT')) : [];
}
