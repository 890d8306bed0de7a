import { Injectable, Logger } from '@nestjs/common';
import { causedBy, createEvent, EmailFailed, EmailSent, type EventOrigin } from '@portico/contracts';
import { InjectConfig } from '@portico/config';
import { inSpanOf } from '@portico/messaging';
import { setTimeout as sleep } from 'node:timers/promises';
import { classifySmtpFailure, type SmtpFailure } from '../../mail/smtp-failure';
import { SmtpMailer } from '../../mail/smtp-mailer';
import type { NotificationsConfig } from '../../notifications.env';
import type { ClaimedDelivery } from '../domain/delivery';
import { DeliveryRepository } from '../domain/delivery.repository';
import { DeliveryMetrics } from './delivery-metrics';
import { retryDelayMs, type RetryPolicy } from '../domain/retry-policy';

const RECORD_RETRY_INITIAL_MS = 200;
const RECORD_RETRY_MAX_MS = 5_000;

/**
 * One SMTP attempt for a claimed delivery, and its outcome recorded with the event it causes.
 *
 * The crash window: the server has accepted the email and the process dies before `sent` is
 * written. The claim then expires and the email is sent again: at most one duplicate per such
 * crash, never a lost email. Two things keep it small and harmless: the outcome is written
 * right after the server's reply (and retried while the process lives, so a database blip
 * never causes a resend), and every attempt carries the same Message-ID, by which mail
 * providers recognise the second copy. SMTP has no way to ask a server whether it already has
 * a message, so doing better would mean losing email instead.
 */
@Injectable()
export class SendEmailService {
  private readonly logger = new Logger(SendEmailService.name);
  private readonly policy: RetryPolicy;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly mailer: SmtpMailer,
    @InjectConfig() config: NotificationsConfig,
    private readonly metrics: DeliveryMetrics,
  ) {
    this.policy = { maxAttempts: config.EMAIL_MAX_ATTEMPTS, initialDelayMs: config.EMAIL_RETRY_INITIAL_MS, maxDelayMs: config.EMAIL_RETRY_MAX_MS };
  }

  /** `stopping` aborts when the service shuts down: outcome writes are then tried once more, not for ever. */
  async attempt(delivery: ClaimedDelivery, stopping: AbortSignal): Promise<void> {
    // A span of the trace the request was handled in: EmailSent, written inside it, carries the trace on.
    const attributes = { 'portico.delivery.key': delivery.deliveryKey, 'portico.delivery.attempt': delivery.attempts };
    await inSpanOf('smtp send', delivery.cause.traceparent, attributes, () => this.attemptTraced(delivery, stopping));
  }

  private async attemptTraced(delivery: ClaimedDelivery, stopping: AbortSignal): Promise<void> {
    let smtpResponse: string;
    try {
      ({ response: smtpResponse } = await this.mailer.send({ to: delivery.to, messageId: delivery.messageId, ...delivery.content }));
    } catch (error) {
      await this.recordFailure(delivery, classifySmtpFailure(error));
      return;
    }
    await this.recordSent(delivery, smtpResponse, stopping);
  }

  private async recordSent(delivery: ClaimedDelivery, smtpResponse: string, stopping: AbortSignal): Promise<void> {
    const sentAt = new Date();
    const sent = createEvent(
      EmailSent,
      {
        deliveryKey: delivery.deliveryKey,
        about: delivery.about,
        to: delivery.to,
        messageId: delivery.messageId,
        attempts: delivery.attempts,
        sentAt: sentAt.toISOString(),
      },
      origin(delivery),
    );
    for (let failures = 0; ; failures++) {
      try {
        const recorded = await this.deliveries.recordSent(delivery, { sentAt, smtpResponse }, [sent]);
        if (recorded) {
          this.metrics.sent.inc();
          this.logger.log(`Delivery ${delivery.deliveryKey} sent (attempt ${delivery.attempts}, ${delivery.renderedWith} template)`);
        } else this.logger.error(`Delivery ${delivery.deliveryKey} sent, but its claim was taken over meanwhile; the other attempt records the outcome`);
        return;
      } catch (error) {
        if (stopping.aborted) {
          this.logger.error(`Delivery ${delivery.deliveryKey} sent but not recorded before shutdown (${message(error)}); it will be sent again`);
          return;
        }
        const wait = Math.min(RECORD_RETRY_MAX_MS, RECORD_RETRY_INITIAL_MS * 2 ** failures);
        this.logger.warn(`Delivery ${delivery.deliveryKey} sent; recording it failed (${message(error)}), again in ${wait} ms`);
        await sleep(wait, undefined, { signal: stopping }).catch(() => undefined);
      }
    }
  }

  private async recordFailure(delivery: ClaimedDelivery, failure: SmtpFailure): Promise<void> {
    const { deliveryKey, attempts } = delivery;
    const delay = failure.transient ? retryDelayMs(this.policy, attempts) : undefined;
    if (delay !== undefined) {
      await this.deliveries.recordRetry(delivery, { nextAttemptAt: new Date(Date.now() + delay), reason: failure.reason });
      this.logger.warn(`Delivery ${deliveryKey}: attempt ${attempts} failed (${failure.reason}); next in ${delay} ms`);
      return;
    }
    const failedAt = new Date();
    const failed = createEvent(
      EmailFailed,
      { deliveryKey, about: delivery.about, to: delivery.to, reason: failure.reason, attempts, failedAt: failedAt.toISOString() },
      origin(delivery),
    );
    if (await this.deliveries.recordFailed(delivery, { failedAt, reason: failure.reason }, [failed])) this.metrics.failed.inc();
    this.logger.warn(`Delivery ${deliveryKey} failed after ${attempts} attempt(s) (${failure.transient ? 'retries spent' : 'refused'}): ${failure.reason}`);
  }
}

function origin(delivery: ClaimedDelivery): EventOrigin {
  return causedBy({ id: delivery.cause.eventId, firmId: delivery.firmId, correlationId: delivery.cause.correlationId });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
