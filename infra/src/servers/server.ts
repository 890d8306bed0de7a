import type { InstallStep } from '../installer.ts';
import type { InfraOptions, Ports, ServerName } from '../options.ts';
import type { ManagedProcess } from '../supervisor.ts';

/** Everything the orchestration needs to know about one kind of local server. */
export interface ServerDef {
  name: ServerName;
  /** Ports it binds (checked before a start, named with their env var on conflict). */
  ports: Array<keyof Ports>;
  /** Cache installs it needs (independent steps may run in parallel). */
  installSteps(opts: InfraOptions): InstallStep[];
  /** How it is launched and how its health is judged. */
  process(opts: InfraOptions): ManagedProcess;
  /** Runs before a (re)start only, e.g. to write config or format storage. */
  prepare?(opts: InfraOptions): Promise<void>;
  /** Runs once the server is healthy, after every start or `up` (so it must be quick when there is nothing to do), e.g. to create users. */
  afterStart?(opts: InfraOptions): Promise<void>;
  /** Shown to people. */
  url(opts: InfraOptions): string;
}

/** Servers get a fixed deadline: Kafka needs up to ~11 s on a busy 2-core machine. */
export const SERVER_DEADLINE_MS = 60_000;
