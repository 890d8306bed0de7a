import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { InjectConfig } from '@portico/config';
import type { GatewayConfig } from '../gateway.env';
import { serviceRoutes, ServiceRoute } from '../routes';
import { fetchFailure } from '../upstreams/failures';
import { Upstreams } from '../upstreams/upstreams';
import { mergeOpenApi, ServiceDocument } from './merge-openapi';

/**
 * Fetches every service's document at request time, so the merged one is never stale, and adds
 * the gateway's own routes (the composed portal views) under the name `portal`.
 */
@Injectable()
export class OpenApiCollector {
  private readonly routes: ServiceRoute[];
  private own?: OpenAPIObject;

  constructor(
    @InjectConfig() private readonly config: GatewayConfig,
    private readonly upstreams: Upstreams,
  ) {
    this.routes = serviceRoutes(config);
  }

  /** The gateway's own document, built once the app exists (gateway.definition). */
  includeOwn(document: OpenAPIObject): void {
    this.own = document;
  }

  async merged(): Promise<OpenAPIObject> {
    const services = await Promise.all(this.routes.map((route) => this.fetchDocument(route)));
    return mergeOpenApi(this.own ? [...services, { service: 'portal', document: this.own }] : services);
  }

  private async fetchDocument({ service, prefix }: ServiceRoute): Promise<ServiceDocument> {
    try {
      const res = await fetch(`${this.upstreams.pool(service).pick()}${prefix}/docs-json`, { signal: AbortSignal.timeout(this.config.PROBE_TIMEOUT_MS) });
      if (!res.ok) return { service, error: `answered ${res.status}` };
      const document = (await res.json()) as OpenAPIObject;
      if (typeof document?.paths !== 'object') return { service, error: 'not an OpenAPI document' };
      return { service, document };
    } catch (error) {
      return { service, error: fetchFailure(error) };
    }
  }
}
