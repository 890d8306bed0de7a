import { backoffDelay } from './backoff';
import { detached } from './trace-context';

export interface WorkLoopOptions {
  /** Named in the log line of a failed tick. */
  name: string;
  /** The wait after a tick that left nothing to do. */
  intervalMs: number;
  /** The longest wait while ticks keep failing (from twice `intervalMs`, doubling each time). */
  maxBackoffMs: number;
  logger: { warn(message: string): void };
}

/** What a tick may say: `more` when it stopped short of the work there is, so the next one starts at once. */
export type TickResult = { more?: boolean } | void;

/**
 * A background loop of the services (the outbox relay, the email dispatcher, the invitations
 * pollers): one tick at a time, the next `intervalMs` after the last one ended; `nudge()` asks for
 * one now (new work was written); a tick that throws is logged and the loop backs off, doubling
 * its wait up to `maxBackoffMs`; `stop()` aborts the tick's signal and resolves once the tick in
 * progress has finished. Ticks run detached from any trace (see `detached`). The loops keep their
 * state in the database, so a restart or another replica picks up where one left off.
 */
export class WorkLoop {
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private nudged = false;
  private failuresInARow = 0;
  private abort = new AbortController();

  constructor(
    private readonly tick: (signal: AbortSignal) => Promise<TickResult>,
    private readonly options: WorkLoopOptions,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  /** Failed ticks in a row (0 after one that succeeded). */
  get failures(): number {
    return this.failuresInARow;
  }

  /** Aborted by `stop()`: a tick cuts its waits short and finishes (or hands back) what it claimed. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.schedule(0);
  }

  /** Stops the loop; resolves once the tick in progress (if any) has finished. */
  async stop(): Promise<void> {
    if (!this.running) return this.current;
    this.running = false;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.current;
  }

  /** A tick now rather than after the interval (or right after the one in progress). */
  nudge(): void {
    if (!this.running) return;
    if (this.current) this.nudged = true;
    else this.schedule(0);
  }

  /** The wait after `failures` failed ticks in a row. */
  backoffMs(failures: number): number {
    return backoffDelay({ initialMs: this.options.intervalMs * 2, maxMs: this.options.maxBackoffMs, factor: 2 }, failures);
  }

  private async run(): Promise<void> {
    let delay = this.options.intervalMs;
    try {
      const result = await this.tick(this.abort.signal);
      this.failuresInARow = 0;
      if (result?.more) delay = 0;
    } catch (error) {
      this.failuresInARow++;
      delay = this.backoffMs(this.failuresInARow);
      this.options.logger.warn(
        `${this.options.name} failed (${this.failuresInARow} in a row), next in ${delay} ms: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (this.nudged && this.failuresInARow === 0) delay = 0;
    this.nudged = false;
    if (this.running) this.schedule(delay);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      detached(() => {
        this.current = this.run().finally(() => (this.current = undefined));
      }),
      delay,
    );
  }
}
