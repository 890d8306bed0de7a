import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import type { InvitationsConfig } from '../invitations.env';
import { Poller } from '../poller';
import { BulkFanOutService } from './bulk-fan-out.service';

const TICK_MS = 100;

/**
 * Releases the due chunks of running jobs: the next chunk with a release interval (every 100 ms),
 * and scheduled jobs whose send time came (every LIFECYCLE_POLL_MS without an interval). Its state is in the jobs
 * (`nextReleaseAt`), so a restart or another replica picks up where one left off.
 */
@Injectable()
export class BulkReleaseScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly poller = new Poller('Releasing due bulk chunks', new Logger(BulkReleaseScheduler.name));

  constructor(
    private readonly fanOut: BulkFanOutService,
    @InjectConfig() private readonly config: Pick<InvitationsConfig, 'BULK_RELEASE_INTERVAL_MS' | 'LIFECYCLE_POLL_MS'>,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start(this.config.BULK_RELEASE_INTERVAL_MS > 0 ? TICK_MS : this.config.LIFECYCLE_POLL_MS, () => this.fanOut.releaseDue());
  }

  onModuleDestroy(): void {
    this.poller.stop();
  }
}
