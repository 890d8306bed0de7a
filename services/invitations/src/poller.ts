import { detached } from '@portico/messaging';
import type { Logger } from '@nestjs/common';

/**
 * Runs `tick` every `intervalMs`, never two at once (a slow tick makes the next wait); a tick
 * that throws is logged and the work is retried on the next one. Work loops keep their state in
 * the documents, so a restart or another replica picks up where one left off.
 */
export class Poller {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly what: string,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  start(intervalMs: number, tick: () => Promise<void>): void {
    this.timer = setInterval(detached(() => void this.run(tick)), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async run(tick: () => Promise<void>): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await tick();
    } catch (error) {
      this.logger.warn(`${this.what} failed (retried next tick): ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
