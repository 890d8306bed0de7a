/** The services the portal home is composed from. */
export type PortalSource = 'identity' | 'tasks' | 'files' | 'billing';

/** What a service answered, or why it did not (unreachable, timed out). */
export type SourceAnswer = { status: number; body: unknown } | { failure: string };

export interface CallerContext {
  /** The caller's Authorization header, forwarded unchanged (absent: the services answer 401). */
  authorization: string | undefined;
  correlationId: string;
}

/** Port: a GET to one service on behalf of the caller. */
export abstract class PortalSources {
  abstract get(source: PortalSource, path: string, caller: CallerContext): Promise<SourceAnswer>;
}
