import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import { detached } from '@portico/messaging';
import type { NotificationsConfig } from '../../notifications.env';
import { DeliveryRepository } from '../domain/delivery.repository';

const DAY_MS = 24 * 3600_000;
export const PURGE_INTERVAL_MS = 3600_000;

/**
 * Deletes finished deliveries older than DELIVERY_RETENTION_DAYS, at start and hourly, in every
 * replica (deleting is idempotent). A query, not a TTL index (LOCAL-DB): the local MongoDB-wire server
 * accepts TTL indexes but never expires anything.
 */
@Injectable()
export class DeliveryRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryRetention.name);
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deliveries: DeliveryRepository,
    @InjectConfig() private readonly config: Pick<NotificationsConfig, 'DELIVERY_RETENTION_DAYS'>,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  /** One purge; resolves to how many deliveries were deleted (0 when it failed: logged, tried again next hour). */
  async purge(now = Date.now()): Promise<number> {
    const before = new Date(now - this.config.DELIVERY_RETENTION_DAYS * DAY_MS);
    try {
      const deleted = await this.deliveries.deleteFinalBefore(before);
      if (deleted > 0) this.logger.log(`Deleted ${deleted} finished deliveries from before ${before.toISOString()} (retention)`);
      return deleted;
    } catch (error) {
      this.logger.warn(`Purging finished deliveries failed (next in an hour): ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      detached(() => {
        this.current = this.purge().then(() => this.schedule(PURGE_INTERVAL_MS));
      }),
      delayMs,
    );
    this.timer.unref();
  }
}
