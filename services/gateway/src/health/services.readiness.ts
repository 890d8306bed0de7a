import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectConfig } from '@portico/config';
import type { GatewayConfig } from '../gateway.env';
import { serviceRoutes, ServiceRoute } from '../routes';

/** Each service's `/health/ready`, as one result keyed by service (for `/health/services`). */
@Injectable()
export class ServicesReadiness {
  private readonly routes: ServiceRoute[];

  constructor(
    @InjectConfig() private readonly config: GatewayConfig,
    private readonly health: HealthIndicatorService,
  ) {
    this.routes = serviceRoutes(config);
  }

  async check(): Promise<HealthIndicatorResult> {
    const results = await Promise.all(this.routes.map((route) => this.probe(route)));
    return Object.assign({}, ...results);
  }

  private async probe({ service, baseUrl }: ServiceRoute): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(service);
    try {
      const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(this.config.PROBE_TIMEOUT_MS) });
      return res.ok ? indicator.up() : indicator.down({ message: `readiness answered ${res.status}` });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return indicator.down({ message: cause ?? (error instanceof Error ? error.message : String(error)) });
    }
  }
}
