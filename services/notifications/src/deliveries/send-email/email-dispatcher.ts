import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { WorkLoop } from '@portico/messaging';
import type { ClaimedDelivery } from '../domain/delivery';
import { DeliveryRepository } from '../domain/delivery.repository';
import { SendEmailService } from './send-email.service';

/** How often due retries are looked for; new requests do not wait for it (`nudge`). */
const POLL_INTERVAL_MS = 1_000;
/** Longest wait between polls while the database keeps failing. */
const MAX_BACKOFF_MS = 10_000;
/** Deliveries claimed at once (three round trips whatever the number); the SMTP pool sends them over its connections. */
export const CLAIM_LIMIT = 100;
/** Claimed batches being attempted at once: one being sent while the outcomes of another are written. */
const BATCHES_IN_FLIGHT = 2;
/**
 * How long a claim is ours without being renewed. Short, so that the deliveries of a replica
 * that died (SIGKILL, OOM, a lost node) are taken up by another within about 20 s; the claims of
 * a batch still being sent are renewed every RENEW_EVERY_MS (one SMTP exchange may take up to
 * the mailer's SMTP_SOCKET_TIMEOUT_MS), so an expired claim means its process died or could not
 * reach the database for a whole lease. What a crash can send twice is bounded by the attempts
 * in flight (at most 2 x CLAIM_LIMIT): each outcome is written as soon as its SMTP reply arrives.
 */
export const LEASE_MS = 20_000;
export const RENEW_EVERY_MS = LEASE_MS / 4;

/**
 * Sends queued deliveries: the first attempt as soon as a request is queued, retries when
 * their `nextAttemptAt` comes. Everything it needs is in the database, so a retry survives a
 * restart and any replica can take it; the Kafka consumer only queues, so an SMTP outage never
 * holds up a partition.
 */
@Injectable()
export class EmailDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EmailDispatcher.name);
  // A delivery whose outcome could not be written keeps its claim until the lease ends and is then attempted again.
  private readonly loop = new WorkLoop((signal) => this.dispatchDue(signal), {
    name: 'Dispatching',
    intervalMs: POLL_INTERVAL_MS,
    maxBackoffMs: MAX_BACKOFF_MS,
    logger: this.logger,
  });

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
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** A delivery was queued: look now instead of at the next poll. */
  nudge(): void {
    this.loop.nudge();
  }

  /**
   * Attempts every due delivery, a claimed batch at a time, all of a batch side by side (the
   * pooled transport queues them over its connections; their outcomes are written together).
   * Up to BATCHES_IN_FLIGHT batches are attempted at once, so the next batch is claimed and sent
   * while one finishes; claims are made one after another. A batch claimed is always attempted,
   * also when stopping, so no claim is left to expire.
   */
  private async dispatchDue(stopping: AbortSignal): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    try {
      while (!stopping.aborted && failure === undefined) {
        const claimed = await this.claim();
        if (claimed.length === 0) break;
        const batch: Promise<void> = this.attemptAll(claimed, stopping).then((failed) => {
          failure ??= failed;
          inFlight.delete(batch);
        });
        inFlight.add(batch);
        if (inFlight.size >= BATCHES_IN_FLIGHT) await Promise.race(inFlight);
      }
    } finally {
      await Promise.all(inFlight);
    }
    if (failure !== undefined) throw failure;
  }

  private claim(): Promise<ClaimedDelivery[]> {
    return this.deliveries.claimDue(new Date(), LEASE_MS, CLAIM_LIMIT);
  }

  /** Attempts a batch, renewing the claims of those not finished yet; resolves with the first failure, if any. */
  private async attemptAll(claimed: ClaimedDelivery[], stopping: AbortSignal): Promise<unknown> {
    const unfinished = new Set(claimed);
    const renew = setInterval(() => {
      this.deliveries.renewClaims([...unfinished], new Date(Date.now() + LEASE_MS)).catch((error: unknown) => {
        this.logger.warn(`Renewing ${unfinished.size} claims failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, RENEW_EVERY_MS);
    try {
      const results = await Promise.allSettled(
        claimed.map((delivery) => this.sendEmail.attempt(delivery, stopping).finally(() => unfinished.delete(delivery))),
      );
      return results.find((result): result is PromiseRejectedResult => result.status === 'rejected')?.reason;
    } finally {
      clearInterval(renew);
    }
  }
}
