import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model, type UpdateQuery } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { coalesce, insertEach, type BatchOutcome } from '@portico/mongo';
import type { ClaimedDelivery, DeliveryStatus, NewDelivery } from '../domain/delivery';
import { DeliveryClaim, DeliveryRepository } from '../domain/delivery.repository';
import { DELIVERY_MODEL, DeliveryDocument } from './delivery.schema';

/** Undefined without content: only final deliveries lose it, and those are never claimed. */
function toClaimed(doc: DeliveryDocument): ClaimedDelivery | undefined {
  if (!doc.content) return undefined;
  return {
    deliveryKey: doc._id,
    firmId: doc.firmId,
    about: { kind: doc.about.kind, id: doc.about.id },
    to: doc.to,
    content: { subject: doc.content.subject, html: doc.content.html, text: doc.content.text },
    messageId: doc.messageId,
    templateId: doc.templateId,
    renderedWith: doc.renderedWith,
    cause: { eventId: doc.cause.eventId, correlationId: doc.cause.correlationId, ...(doc.cause.traceparent ? { traceparent: doc.cause.traceparent } : {}) },
    attempts: doc.attempts,
  };
}

// A final delivery keeps what happened, not what was sent: the content holds the one-time link.
const finalUnset = { content: 1, nextAttemptAt: 1, leaseUntil: 1, leaseClaim: 1 } as const;

type QueuedDelivery = Omit<DeliveryDocument, 'createdAt' | 'updatedAt'>;

/** An attempt's outcome: the update (with its events) for the attempt that still holds the claim. */
interface Outcome {
  claim: DeliveryClaim;
  status: DeliveryStatus;
  update: UpdateQuery<DeliveryDocument>;
  events: EventEnvelope[];
}

/** A write error of one document or operation of a bulk command, as the driver reports it. */
type WriteErrorLike = { index: number; code?: number; errmsg?: string };

/**
 * Concurrent calls share their round trips (`coalesce` of @portico/mongo, group commit): the requests being consumed are
 * inserted with one insertMany, due deliveries are claimed in batches, and the outcomes of the
 * attempts in flight are written with one bulkWrite. Each call still gets its own answer.
 */
@Injectable()
export class DeliveryMongoRepository extends DeliveryRepository implements OnModuleInit {
  private readonly logger = new Logger(DeliveryMongoRepository.name);
  private readonly inserts = coalesce<QueuedDelivery, boolean>((docs) => this.insertMany(docs), { maxBatchSize: 1000, groupCommit: true });
  private readonly outcomes = coalesce<Outcome, boolean>((outcomes) => this.writeOutcomes(outcomes), { maxBatchSize: 1000, groupCommit: true });

  constructor(
    @InjectModel(DELIVERY_MODEL) private readonly deliveries: Model<DeliveryDocument>,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.register(this.deliveries);
  }

  async deleteFinalBefore(date: Date): Promise<number> {
    // Across firms on purpose (retention is the platform's), by the createdAt index; a delivery
    // is final within hours of its creation, long before any retention ends.
    return (await this.deliveries.deleteMany({ createdAt: { $lt: date }, status: { $in: ['sent', 'failed'] } })).deletedCount;
  }

  countWaiting(): Promise<number> {
    // Platform-wide on purpose (an operator's gauge, never shown to a firm); served by the status indexes.
    return this.deliveries.countDocuments({ status: { $in: ['queued', 'sending'] } });
  }

  insertIfAbsent(delivery: NewDelivery, now: Date): Promise<boolean> {
    const { deliveryKey, ...fields } = delivery;
    return this.inserts({ _id: deliveryKey, ...fields, status: 'queued', attempts: 0, nextAttemptAt: now });
  }

  /**
   * Three round trips whatever the batch size, like the outbox relay's claim: find candidates,
   * claim them with one updateMany (each document's update is atomic and repeats the "due"
   * condition, so of two dispatchers racing for one delivery exactly one gets it), then read back
   * the ones this call won, by a token unique to the call.
   */
  async claimDue(now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    const due = {
      $or: [
        { status: 'queued' as const, nextAttemptAt: { $lte: now } },
        { status: 'sending' as const, leaseUntil: { $lte: now } },
      ],
    };
    const candidates = await this.deliveries.find(due, { _id: 1 }).limit(limit).lean<{ _id: string }[]>().exec();
    if (candidates.length === 0) return [];
    const ids = candidates.map((doc) => doc._id);
    const leaseClaim = randomUUID();
    await this.deliveries
      .updateMany(
        { _id: { $in: ids }, ...due },
        { $set: { status: 'sending', leaseUntil: new Date(now.getTime() + leaseMs), leaseClaim }, $inc: { attempts: 1 }, $unset: { nextAttemptAt: 1 } },
      )
      .exec();
    const won = await this.deliveries
      .find({ _id: { $in: ids }, leaseClaim })
      .lean<DeliveryDocument[]>()
      .exec();
    return won.flatMap((doc) => {
      const claimed = toClaimed(doc);
      if (!claimed) this.logger.error(`Delivery ${doc._id} (${doc.status}) has no content to send`);
      return claimed ? [claimed] : [];
    });
  }

  async renewClaims(claims: readonly DeliveryClaim[], leaseUntil: Date): Promise<void> {
    if (claims.length === 0) return;
    await this.deliveries.bulkWrite(
      claims.map((claim) => ({ updateOne: { filter: held(claim), update: { $set: { leaseUntil } }, timestamps: false } })),
      { ordered: false, timestamps: false },
    );
  }

  recordSent(claim: DeliveryClaim, { sentAt, smtpResponse }: { sentAt: Date; smtpResponse: string }, events: EventEnvelope[]): Promise<boolean> {
    return this.outcomes({
      claim,
      status: 'sent',
      update: withEvents({ $set: { status: 'sent', sentAt, smtpResponse }, $unset: { ...finalUnset, lastError: 1 } }, events),
      events,
    });
  }

  recordRetry(claim: DeliveryClaim, { nextAttemptAt, reason }: { nextAttemptAt: Date; reason: string }): Promise<boolean> {
    return this.outcomes({
      claim,
      status: 'queued',
      update: { $set: { status: 'queued', nextAttemptAt, lastError: reason }, $unset: { leaseUntil: 1, leaseClaim: 1 } },
      events: [],
    });
  }

  recordFailed(claim: DeliveryClaim, { failedAt, reason }: { failedAt: Date; reason: string }, events: EventEnvelope[]): Promise<boolean> {
    return this.outcomes({
      claim,
      status: 'failed',
      update: withEvents({ $set: { status: 'failed', failedAt, lastError: reason }, $unset: finalUnset }, events),
      events,
    });
  }

  /** One unordered insertMany; a duplicate key means that delivery is queued already (false). */
  private async insertMany(docs: readonly QueuedDelivery[]): Promise<readonly BatchOutcome<boolean>[]> {
    const outcomes = await insertEach(this.deliveries, [...docs]);
    return outcomes.map((outcome, i) => (outcome instanceof Error ? new Error(`Queueing delivery ${docs[i]!._id} failed: ${outcome.message}`) : outcome));
  }

  /**
   * One unordered bulkWrite; each update is conditioned on its claim (status sending, this
   * attempt), so an attempt whose claim was taken over changes nothing. When fewer updates matched
   * than were sent, which ones took effect is read back.
   */
  private async writeOutcomes(outcomes: readonly Outcome[]): Promise<readonly BatchOutcome<boolean>[]> {
    const failed = new Map<number, Error>();
    let matched: number | undefined;
    try {
      const result = await this.deliveries.bulkWrite(
        outcomes.map(({ claim, update }) => ({ updateOne: { filter: held(claim), update } })),
        { ordered: false, throwOnValidationError: true },
      );
      matched = result.matchedCount;
    } catch (error) {
      // Per operation: null, or the error that failed it (validation or write); without either the command failed as a whole.
      const { results, writeErrors } = error as { results?: unknown[]; writeErrors?: WriteErrorLike[] };
      if (results) results.forEach((result, i) => result && failed.set(i, asError(result)));
      else if (writeErrors) writeErrors.forEach((writeError) => failed.set(writeError.index, asError(writeError)));
      else throw error;
    }
    if (outcomes.some((outcome) => outcome.events.length > 0)) this.relay.nudge();
    if (matched === outcomes.length) return outcomes.map(() => true);

    // The attempt counter changes with every claim: a delivery still on this attempt, no longer sending, got this outcome.
    const docs = await this.deliveries
      .find({ _id: { $in: outcomes.map(({ claim }) => claim.deliveryKey) } }, { status: 1, attempts: 1 })
      .lean<Pick<DeliveryDocument, '_id' | 'status' | 'attempts'>[]>()
      .exec();
    const current = new Map(docs.map((doc) => [doc._id, doc]));
    return outcomes.map(({ claim, status }, i) => {
      const doc = current.get(claim.deliveryKey);
      return failed.get(i) ?? (doc?.attempts === claim.attempts && doc.status === status);
    });
  }
}

/** A claim is held while the delivery is sending on that attempt: every claim counts one more. */
function held(claim: DeliveryClaim) {
  return { _id: claim.deliveryKey, status: 'sending' as const, attempts: claim.attempts };
}

function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  const { code, errmsg } = value as { code?: number; errmsg?: string };
  return new Error(`Write failed: ${errmsg ?? code ?? String(value)}`);
}
