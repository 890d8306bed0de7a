import { Injectable } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import { CORRELATION_HEADER } from '@portico/platform';
import type { GatewayConfig } from '../gateway.env';
import { fetchFailure, isConnectionFailure } from '../upstreams/failures';
import { Upstreams } from '../upstreams/upstreams';
import { CallerContext, PortalSource, PortalSources, SourceAnswer } from './portal-sources';

/** The services' members from the gateway's pools, each call bounded by PORTAL_HOME_TIMEOUT_MS. */
@Injectable()
export class FetchPortalSources extends PortalSources {
  constructor(
    @InjectConfig() private readonly config: GatewayConfig,
    private readonly upstreams: Upstreams,
  ) {
    super();
  }

  async get(source: PortalSource, path: string, caller: CallerContext): Promise<SourceAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', [CORRELATION_HEADER]: caller.correlationId };
    if (caller.authorization !== undefined) headers['authorization'] = caller.authorization;
    // One budget for the call, a second try included.
    const signal = AbortSignal.timeout(this.config.PORTAL_HOME_TIMEOUT_MS);
    const pool = this.upstreams.pool(source);
    const first = pool.pick();
    const answer = await this.fetchFrom(first, path, headers, signal);
    if (!('failure' in answer) || !isConnectionFailure(answer.failure)) return answer;
    // Every call here is a GET: safe to send once more, to another member, even after a reset.
    pool.markDown(first, answer.failure);
    const other = pool.pickOther([first]);
    return other ? this.fetchFrom(other, path, headers, signal) : answer;
  }

  private async fetchFrom(baseUrl: string, path: string, headers: Record<string, string>, signal: AbortSignal): Promise<SourceAnswer> {
    try {
      const res = await fetch(`${baseUrl}${path}`, { headers, signal });
      const text = await res.text();
      return { status: res.status, body: parse(text) };
    } catch (error) {
      return { failure: fetchFailure(error) };
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
