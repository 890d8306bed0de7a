import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import { WorkLoop } from '@portico/messaging';
import { BulkProgressPublisher } from '../../bulk/bulk-progress.publisher';
import type { InvitationsConfig } from '../../invitations.env';
import { ExpireInvitationsService } from './expire-invitations.service';
import { RemindInvitationsService } from './remind-invitations.service';
import { SendScheduledInvitationsService } from './send-scheduled-invitations.service';

/**
 * The polling loop of the time-driven parts of the lifecycle: scheduled sends, reminders,
 * expiry announcements and bulk progress. Its state is in the documents (each step claims its
 * work with a conditional update), so every replica may run it and a restart loses nothing.
 */
@Injectable()
export class LifecycleScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LifecycleScheduler.name);
  private readonly loop: WorkLoop;

  constructor(
    private readonly sendScheduled: SendScheduledInvitationsService,
    private readonly remind: RemindInvitationsService,
    private readonly expire: ExpireInvitationsService,
    private readonly bulkProgress: BulkProgressPublisher,
    @InjectConfig() config: Pick<InvitationsConfig, 'LIFECYCLE_POLL_MS'>,
  ) {
    // Its steps catch their own failures: the loop's backoff is for a tick that throws anyway.
    this.loop = new WorkLoop(() => this.tick(), { name: 'Lifecycle tick', intervalMs: config.LIFECYCLE_POLL_MS, maxBackoffMs: 10_000, logger: this.logger });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  private async tick(): Promise<void> {
    const now = new Date();
    // Each step on its own: one failing (retried next tick) does not hold up the others.
    for (const [name, step] of [
      ['scheduled sends', () => this.sendScheduled.sendDue(now)],
      ['reminders', () => this.remind.remindDue(now)],
      ['expiry', () => this.expire.sweep(now)],
      ['bulk progress', () => this.bulkProgress.publishDue(now)],
    ] as const) {
      await step().catch((error: unknown) =>
        this.logger.warn(`Lifecycle step "${name}" failed (retried next tick): ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }
}
