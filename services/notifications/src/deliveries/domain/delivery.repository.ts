import type { EventEnvelope } from '@portico/contracts';
import type { ClaimedDelivery, NewDelivery } from './delivery';

/** Which attempt a write is for: a claim that was taken over (lease expired) no longer matches. */
export type DeliveryClaim = Pick<ClaimedDelivery, 'deliveryKey' | 'attempts'>;

/**
 * Persistence port. Outcome writes carry their events: status and event are written together
 * (outbox), and only while the attempt's claim is held; each returns false when another attempt
 * took the claim over (nothing was written), true once this attempt's outcome is recorded.
 * Concurrent calls may reach the database together (one bulk command); each gets its own answer.
 */
export abstract class DeliveryRepository {
  /** Queues the delivery, due now; false when one with this key exists (the request came again). */
  abstract insertIfAbsent(delivery: NewDelivery, now: Date): Promise<boolean>;
  /**
   * Claims up to `limit` due deliveries (queued and due, or sending with an expired lease) until
   * `now + leaseMs`, counting an attempt on each. Atomic per delivery: two dispatchers never
   * claim the same one.
   */
  abstract claimDue(now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Extends the leases of claims still held (a batch still being sent), so they do not expire while their attempts run. */
  abstract renewClaims(claims: readonly DeliveryClaim[], leaseUntil: Date): Promise<void>;
  /** Final: the rendered content (with its link) is dropped. */
  abstract recordSent(claim: DeliveryClaim, outcome: { sentAt: Date; smtpResponse: string }, events: EventEnvelope[]): Promise<boolean>;
  abstract recordRetry(claim: DeliveryClaim, outcome: { nextAttemptAt: Date; reason: string }): Promise<boolean>;
  /** Final: the rendered content (with its link) is dropped. */
  /** Deletes the final deliveries (sent or failed) created before `date`; resolves to how many. */
  abstract deleteFinalBefore(date: Date): Promise<number>;
  /** Deliveries not final yet (queued, waiting to retry, or being sent): the email queue's depth. */
  abstract countWaiting(): Promise<number>;
  abstract recordFailed(claim: DeliveryClaim, outcome: { failedAt: Date; reason: string }, events: EventEnvelope[]): Promise<boolean>;
}
