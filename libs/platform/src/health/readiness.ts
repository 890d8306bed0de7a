import type { HealthIndicatorResult } from '@nestjs/terminus';

/**
 * One dependency check for `/health/ready`. A result may carry several keys (the gateway
 * reports each service); any key with status `down` makes the endpoint answer 503.
 * Implementations must answer within a few seconds and never throw.
 */
export interface ReadinessIndicator {
  check(): Promise<HealthIndicatorResult>;
}

export const READINESS_INDICATORS = 'PORTICO_READINESS_INDICATORS';

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
