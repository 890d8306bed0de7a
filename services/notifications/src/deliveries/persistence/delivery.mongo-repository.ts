import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model, type UpdateQuery } from 'mongoose';
import type { ClaimedDelivery, NewDelivery } from '../domain/delivery';
import { DeliveryClaim, DeliveryRepository } from '../domain/delivery.repository';
import { DELIVERY_MODEL, DeliveryDocument } from './delivery.schema';

const DUPLICATE_KEY = 11000;

function toClaimed(doc: DeliveryDocument): ClaimedDelivery {
  // Only final deliveries lose their content, and those are never claimed.
  if (!doc.content) throw new Error(`Delivery ${doc._id} (${doc.status}) has no content to send`);
  return {
    deliveryKey: doc._id,
    firmId: doc.firmId,
    about: { kind: doc.about.kind, id: doc.about.id },
    to: doc.to,
    content: { subject: doc.content.subject, html: doc.content.html, text: doc.content.text },
    messageId: doc.messageId,
    templateId: doc.templateId,
    renderedWith: doc.renderedWith,
    cause: { eventId: doc.cause.eventId, correlationId: doc.cause.correlationId },
    attempts: doc.attempts,
  };
}

// A final delivery keeps what happened, not what was sent: the content holds the one-time link.
const finalUnset = { content: 1, nextAttemptAt: 1, leaseUntil: 1 } as const;

@Injectable()
export class DeliveryMongoRepository extends DeliveryRepository implements OnModuleInit {
  constructor(
    @InjectModel(DELIVERY_MODEL) private readonly deliveries: Model<DeliveryDocument>,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.register(this.deliveries);
  }

  async exists(deliveryKey: string): Promise<boolean> {
    return (await this.deliveries.exists({ _id: deliveryKey }).exec()) !== null;
  }

  async insertIfAbsent(delivery: NewDelivery, now: Date): Promise<boolean> {
    const { deliveryKey, ...fields } = delivery;
    try {
      await this.deliveries.create({ _id: deliveryKey, ...fields, status: 'queued', attempts: 0, nextAttemptAt: now });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  async claimNextDue(now: Date, leaseMs: number): Promise<ClaimedDelivery | undefined> {
    const doc = await this.deliveries
      .findOneAndUpdate(
        { $or: [{ status: 'queued', nextAttemptAt: { $lte: now } }, { status: 'sending', leaseUntil: { $lte: now } }] },
        { $set: { status: 'sending', leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 }, $unset: { nextAttemptAt: 1 } },
        { returnDocument: 'after' },
      )
      .lean<DeliveryDocument>()
      .exec();
    return doc ? toClaimed(doc) : undefined;
  }

  async recordSent(claim: DeliveryClaim, { sentAt, smtpResponse }: { sentAt: Date; smtpResponse: string }, events: EventEnvelope[]): Promise<boolean> {
    return this.finish(claim, withEvents({ $set: { status: 'sent', sentAt, smtpResponse }, $unset: { ...finalUnset, lastError: 1 } }, events), events);
  }

  async recordRetry(claim: DeliveryClaim, { nextAttemptAt, reason }: { nextAttemptAt: Date; reason: string }): Promise<boolean> {
    return this.finish(claim, { $set: { status: 'queued', nextAttemptAt, lastError: reason }, $unset: { leaseUntil: 1 } }, []);
  }

  async recordFailed(claim: DeliveryClaim, { failedAt, reason }: { failedAt: Date; reason: string }, events: EventEnvelope[]): Promise<boolean> {
    return this.finish(claim, withEvents({ $set: { status: 'failed', failedAt, lastError: reason }, $unset: finalUnset }, events), events);
  }

  /** One conditional update: the outcome, and the events it causes, or nothing if the claim was lost. */
  private async finish(claim: DeliveryClaim, update: UpdateQuery<DeliveryDocument>, events: EventEnvelope[]): Promise<boolean> {
    const result = await this.deliveries.updateOne({ _id: claim.deliveryKey, status: 'sending', attempts: claim.attempts }, update).exec();
    if (result.modifiedCount === 1 && events.length > 0) this.relay.nudge();
    return result.matchedCount === 1;
  }
}
