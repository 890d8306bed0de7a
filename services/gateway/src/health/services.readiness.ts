import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectConfig } from '@portico/config';
import type { GatewayConfig } from '../gateway.env';
import { SERVICES, ServiceName } from '../routes';
import { unreadiness } from '../upstreams/upstream-pool';
import { Upstreams } from '../upstreams/upstreams';

/**
 * Each service's `/health/ready`, as one result keyed by service (for `/health/services`). A
 * service with replicas is up when one of them is, each listed under `members` by URL with
 * its own answer and whether the gateway currently sends it requests.
 */
@Injectable()
export class ServicesReadiness {
  constructor(
    @InjectConfig() private readonly config: GatewayConfig,
    private readonly health: HealthIndicatorService,
    private readonly upstreams: Upstreams,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const results = await Promise.all(SERVICES.map((service) => this.probe(service)));
    return Object.assign({}, ...results);
  }

  private async probe(service: ServiceName): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(service);
    const pool = this.upstreams.pool(service);
    // Asked now rather than read from the pool's last check: one URL is never checked.
    const reasons = await Promise.all(pool.urls.map((url) => unreadiness(url, AbortSignal.timeout(this.config.PROBE_TIMEOUT_MS))));
    if (reasons.length === 1) return reasons[0] === undefined ? indicator.up() : indicator.down({ message: reasons[0] });
    const members = Object.fromEntries(
      pool.status().map(({ url, ready }, index) => [url, { status: reasons[index] === undefined ? 'up' : 'down', message: reasons[index], inRotation: ready }]),
    );
    return reasons.includes(undefined) ? indicator.up({ members }) : indicator.down({ members });
  }
}
