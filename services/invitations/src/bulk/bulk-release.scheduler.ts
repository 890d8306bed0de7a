import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import { WorkLoop } from '@portico/messaging';
import type { InvitationsConfig } from '../invitations.env';
import { BulkFanOutService } from './bulk-fan-out.service';

const TICK_MS = 100;
/** Longest wait while the database keeps failing. */
const MAX_BACKOFF_MS = 10_000;

/**
 * Releases the due chunks of running jobs: the next chunk with a release interval (every 100 ms),
 * and scheduled jobs whose send time came (every LIFECYCLE_POLL_MS without an interval). Its state is in the jobs
 * (`nextReleaseAt`), so a restart or another replica picks up where one left off.
 */
@Injectable()
export class BulkReleaseScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: WorkLoop;

  constructor(fanOut: BulkFanOutService, @InjectConfig() config: Pick<InvitationsConfig, 'BULK_RELEASE_INTERVAL_MS' | 'LIFECYCLE_POLL_MS'>) {
    const intervalMs = config.BULK_RELEASE_INTERVAL_MS > 0 ? TICK_MS : config.LIFECYCLE_POLL_MS;
    this.loop = new WorkLoop(() => fanOut.releaseDue(), {
      name: 'Releasing due bulk chunks',
      intervalMs,
      maxBackoffMs: MAX_BACKOFF_MS,
      logger: new Logger(BulkReleaseScheduler.name),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }
}
