import { Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import type { GatewayConfig } from '../gateway.env';
import { serviceRoutes, ServiceName } from '../routes';
import { UpstreamPool } from './upstream-pool';

/** Every service's pool, shared by the proxy, the portal home, the docs and `/health/services`. */
@Injectable()
export class Upstreams implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pools: Record<ServiceName, UpstreamPool>;

  constructor(@InjectConfig() config: GatewayConfig) {
    const options = { checkIntervalMs: config.UPSTREAM_CHECK_INTERVAL_MS, probeTimeoutMs: config.PROBE_TIMEOUT_MS };
    this.pools = Object.fromEntries(serviceRoutes(config).map((route) => [route.service, new UpstreamPool(route.service, route.baseUrls, options)])) as Record<
      ServiceName,
      UpstreamPool
    >;
  }

  pool(service: ServiceName): UpstreamPool {
    return this.pools[service];
  }

  onApplicationBootstrap(): void {
    for (const pool of Object.values(this.pools)) pool.start();
  }

  // At shutdown rather than module destroy: the requests HTTP lets finish may still be resent.
  onApplicationShutdown(): void {
    for (const pool of Object.values(this.pools)) pool.stop();
  }
}

@Module({ providers: [Upstreams], exports: [Upstreams] })
export class UpstreamsModule {}
