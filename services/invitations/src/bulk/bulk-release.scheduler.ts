import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import type { InvitationsConfig } from '../invitations.env';
import { BulkFanOutService } from './bulk-fan-out.service';

const TICK_MS = 100;

/**
 * Releases the due chunks of running jobs: the next chunk with a release interval (every 100 ms),
 * and scheduled jobs whose send time came (every LIFECYCLE_POLL_MS without an interval). Its state is in the jobs
 * (`nextReleaseAt`), so a restart or another replica picks up where one left off.
 */
@Injectable()
export class BulkReleaseScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BulkReleaseScheduler.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly fanOut: BulkFanOutService,
    @InjectConfig() private readonly config: Pick<InvitationsConfig, 'BULK_RELEASE_INTERVAL_MS' | 'LIFECYCLE_POLL_MS'>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.BULK_RELEASE_INTERVAL_MS > 0 ? TICK_MS : this.config.LIFECYCLE_POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.fanOut.releaseDue();
    } catch (error) {
      this.logger.warn(`Releasing due bulk chunks failed (retried next tick): ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
