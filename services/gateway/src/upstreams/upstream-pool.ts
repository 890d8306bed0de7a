import { Logger } from '@nestjs/common';
import { fetchFailure } from './failures';

export interface UpstreamPoolOptions {
  /** Time between two readiness checks of one member. */
  checkIntervalMs: number;
  /** Budget of one readiness check. */
  probeTimeoutMs: number;
}

export interface UpstreamMember {
  url: string;
  /** In rotation: its last check answered 200 and nothing failed to reach it since. */
  ready: boolean;
  /** Why it is out of rotation. */
  reason?: string;
}

/** Why `<baseUrl>/health/ready` is not 200 (its status, or the error), or undefined when it is. */
export async function unreadiness(baseUrl: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    const res = await fetch(`${baseUrl}/health/ready`, { signal });
    // Frees the connection for the next check instead of leaving it to the garbage collector.
    await res.body?.cancel();
    return res.ok ? undefined : `readiness answered ${res.status}`;
  } catch (error) {
    return fetchFailure(error);
  }
}

/**
 * The base URLs of one service's replicas, taken in turn. With several, each member's
 * `/health/ready` is checked every `checkIntervalMs`: one that answers anything but 200 (a
 * replica draining on SIGTERM, starting, or gone) leaves the rotation until it answers 200
 * again, and one the gateway could not reach leaves it at once (`markDown`). With one URL (a
 * Kubernetes Service, whose own readiness does this job) nothing is checked: it is always used.
 */
export class UpstreamPool {
  private readonly members: UpstreamMember[];
  private turn = 0;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private checks?: AbortController;

  constructor(
    readonly service: string,
    urls: readonly string[],
    private readonly options: UpstreamPoolOptions,
    private readonly logger = new Logger('Upstreams'),
  ) {
    if (urls.length === 0) throw new Error(`${service}: no base URL`);
    // Believed ready until a check or a request says otherwise: a fresh gateway routes at once.
    this.members = urls.map((url) => ({ url, ready: true }));
  }

  get urls(): string[] {
    return this.members.map((member) => member.url);
  }

  /** What the pool believes of each member, for `/health/services`. */
  status(): UpstreamMember[] {
    return this.members.map((member) => ({ ...member }));
  }

  /** The next member in turn; when none is ready, one anyway (a real error beats a guess). */
  pick(): string {
    return this.pickOther([]) ?? this.members[0].url;
  }

  /** The next member not tried yet (a ready one if any), or undefined when all were tried. */
  pickOther(tried: Iterable<string>): string | undefined {
    const skip = new Set(tried);
    const untried = this.members.filter((member) => !skip.has(member.url));
    const ready = untried.filter((member) => member.ready);
    const candidates = ready.length > 0 ? ready : untried;
    if (candidates.length === 0) return undefined;
    return candidates[this.turn++ % candidates.length].url;
  }

  /** A request could not reach `url`: out of rotation until its next check answers 200. */
  markDown(url: string, reason: string): void {
    // A single URL is never checked, so nothing would bring it back; it is used regardless.
    if (this.members.length === 1) return;
    const member = this.members.find((candidate) => candidate.url === url);
    if (member) this.set(member, reason);
  }

  /** Starts checking the members (only when there are several). */
  start(): void {
    if (this.members.length === 1 || this.checks) return;
    this.checks = new AbortController();
    for (const member of this.members) void this.check(member, this.checks.signal);
  }

  /** Stops the checks, aborting those in flight. */
  stop(): void {
    this.checks?.abort();
    this.checks = undefined;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  // Each member on its own schedule: one that hangs until the probe timeout delays no other.
  private async check(member: UpstreamMember, stopped: AbortSignal): Promise<void> {
    const reason = await unreadiness(member.url, AbortSignal.any([stopped, AbortSignal.timeout(this.options.probeTimeoutMs)]));
    if (stopped.aborted) return;
    this.set(member, reason);
    // unref: the checks never keep a process alive that has nothing else to do.
    this.timers.set(member.url, setTimeout(() => void this.check(member, stopped), this.options.checkIntervalMs).unref());
  }

  /** In rotation when `reason` is undefined, else out of it; changes are logged. */
  private set(member: UpstreamMember, reason: string | undefined): void {
    const ready = reason === undefined;
    if (member.ready !== ready) {
      if (ready) this.logger.log(`${this.service} ${member.url} is back in rotation`);
      else this.logger.warn(`${this.service} ${member.url} out of rotation: ${reason}`);
    }
    member.ready = ready;
    member.reason = reason;
  }
}
