import type { EventEnvelope } from '@portico/contracts';
import type { ClaimedDelivery, NewDelivery } from './delivery';

/** Which attempt a write is for: a claim that was taken over (lease expired) no longer matches. */
export type DeliveryClaim = Pick<ClaimedDelivery, 'deliveryKey' | 'attempts'>;

/**
 * Persistence port. Outcome writes carry their events: status and event are written together
 * (outbox), and each returns false when the claim is no longer held.
 */
export abstract class DeliveryRepository {
  abstract exists(deliveryKey: string): Promise<boolean>;
  /** Queues the delivery, due now; false when one with this key exists (the request came again). */
  abstract insertIfAbsent(delivery: NewDelivery, now: Date): Promise<boolean>;
  /**
   * Claims one due delivery (queued and due, or sending with an expired lease) until
   * `now + leaseMs`, counting an attempt. Atomic: two dispatchers never claim the same one.
   */
  abstract claimNextDue(now: Date, leaseMs: number): Promise<ClaimedDelivery | undefined>;
  /** Final: the rendered content (with its link) is dropped. */
  abstract recordSent(claim: DeliveryClaim, outcome: { sentAt: Date; smtpResponse: string }, events: EventEnvelope[]): Promise<boolean>;
  abstract recordRetry(claim: DeliveryClaim, outcome: { nextAttemptAt: Date; reason: string }): Promise<boolean>;
  /** Final: the rendered content (with its link) is dropped. */
  abstract recordFailed(claim: DeliveryClaim, outcome: { failedAt: Date; reason: string }, events: EventEnvelope[]): Promise<boolean>;
}
