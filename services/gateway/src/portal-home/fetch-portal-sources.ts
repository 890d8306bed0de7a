import { Injectable } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import { CORRELATION_HEADER } from '@portico/platform';
import type { GatewayConfig } from '../gateway.env';
import { CallerContext, PortalSource, PortalSources, SourceAnswer } from './portal-sources';

/** The services' own URLs from the gateway's configuration, each call bounded by PORTAL_HOME_TIMEOUT_MS. */
@Injectable()
export class FetchPortalSources extends PortalSources {
  private readonly baseUrls: Record<PortalSource, string>;

  constructor(@InjectConfig() private readonly config: GatewayConfig) {
    super();
    this.baseUrls = { identity: config.IDENTITY_URL, tasks: config.TASKS_URL, files: config.FILES_URL, billing: config.BILLING_URL };
  }

  async get(source: PortalSource, path: string, caller: CallerContext): Promise<SourceAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', [CORRELATION_HEADER]: caller.correlationId };
    if (caller.authorization !== undefined) headers['authorization'] = caller.authorization;
    try {
      const res = await fetch(`${this.baseUrls[source]}${path}`, { headers, signal: AbortSignal.timeout(this.config.PORTAL_HOME_TIMEOUT_MS) });
      const text = await res.text();
      return { status: res.status, body: parse(text) };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { failure: cause ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error)) };
    }
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
