import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SMTP_SOCKET_TIMEOUT_MS } from '../../mail/smtp-mailer';
import { DeliveryRepository } from '../domain/delivery.repository';
import { SendEmailService } from './send-email.service';

/** How often due retries are looked for; new requests do not wait for it (`nudge`). */
const POLL_INTERVAL_MS = 1_000;
/** Longest wait between polls while the database keeps failing. */
const MAX_BACKOFF_MS = 10_000;
/** Emails in flight at once per replica: the SMTP pool's connection count. */
const CONCURRENCY = 5;
/**
 * How long a claimed delivery is ours. A live attempt ends well within it (each SMTP exchange
 * times out after SMTP_SOCKET_TIMEOUT_MS), so an expired claim means its process died.
 */
const LEASE_MS = 5 * SMTP_SOCKET_TIMEOUT_MS;

/**
 * Sends queued deliveries: the first attempt as soon as a request is queued, retries when
 * their `nextAttemptAt` comes. Everything it needs is in the database, so a retry survives a
 * restart and any replica can take it; the Kafka consumer only queues, so an SMTP outage never
 * holds up a partition.
 */
@Injectable()
export class EmailDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EmailDispatcher.name);
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private currentTick: Promise<void> | undefined;
  private nudged = false;
  private failures = 0;
  private stopping = new AbortController();

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly sendEmail: SendEmailService,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  /** Before the database connection and the SMTP pool close: attempts in flight finish first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = new AbortController();
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.stopping.abort();
    await this.currentTick;
  }

  /** A delivery was queued: look now instead of at the next poll. */
  nudge(): void {
    if (!this.running) return;
    if (this.currentTick) this.nudged = true;
    else this.schedule(0);
  }

  /** Attempts every due delivery, CONCURRENCY at a time. */
  private async dispatchDue(): Promise<void> {
    const worker = async (): Promise<void> => {
      while (this.running) {
        const delivery = await this.deliveries.claimNextDue(new Date(), LEASE_MS);
        if (!delivery) return;
        await this.sendEmail.attempt(delivery, this.stopping.signal);
      }
    };
    const results = await Promise.allSettled(Array.from({ length: CONCURRENCY }, worker));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async runTick(): Promise<void> {
    let delay = POLL_INTERVAL_MS;
    try {
      await this.dispatchDue();
      this.failures = 0;
    } catch (error) {
      // A delivery whose outcome could not be written keeps its claim until the lease ends and is then attempted again.
      this.failures++;
      delay = Math.min(MAX_BACKOFF_MS, POLL_INTERVAL_MS * 2 ** this.failures);
      this.logger.warn(`Dispatching failed (${this.failures} in a row), next in ${delay} ms: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (this.nudged && this.failures === 0) delay = 0;
    this.nudged = false;
    if (this.running) this.schedule(delay);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.currentTick = this.runTick().finally(() => (this.currentTick = undefined));
    }, delay);
  }
}
