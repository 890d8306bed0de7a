import { outboxPlugin, type OutboxFields } from '@portico/outbox';
import { Schema } from 'mongoose';
import { DELIVERY_STATUSES, type DeliveryStatus, type EmailAbout } from '../domain/delivery';

export const DELIVERY_MODEL = 'Delivery';

export interface DeliveryDocument extends Partial<OutboxFields> {
  /** The deliveryKey: one document, and so one email, per key. */
  _id: string;
  firmId: string;
  about: EmailAbout;
  to: string;
  /** Present until the delivery is final. */
  content?: { subject: string; html: string; text: string };
  messageId: string;
  templateId: string | null;
  renderedWith: 'default' | 'firm';
  cause: { eventId: string; correlationId: string; traceparent?: string };
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt?: Date;
  leaseUntil?: Date;
  /** The claim (one dispatcher's batch) that set the lease: how a claimer finds what it won. */
  leaseClaim?: string;
  lastError?: string;
  smtpResponse?: string;
  sentAt?: Date;
  failedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const DeliverySchema = new Schema<DeliveryDocument>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    about: { kind: { type: String, required: true }, id: { type: String, required: true } },
    to: { type: String, required: true },
    content: { subject: String, html: String, text: String },
    messageId: { type: String, required: true },
    templateId: { type: String, default: null },
    renderedWith: { type: String, enum: ['default', 'firm'], required: true },
    cause: { eventId: { type: String, required: true }, correlationId: { type: String, required: true }, traceparent: { type: String } },
    status: { type: String, enum: DELIVERY_STATUSES, required: true },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: Date,
    leaseUntil: Date,
    leaseClaim: String,
    lastError: String,
    smtpResponse: String,
    sentAt: Date,
    failedAt: Date,
  },
  { collection: 'deliveries', versionKey: false, timestamps: true },
);

DeliverySchema.plugin(outboxPlugin);

// The dispatcher's two questions: which queued ones are due, which claims have expired.
DeliverySchema.index({ status: 1, nextAttemptAt: 1 });
DeliverySchema.index({ status: 1, leaseUntil: 1 });
// Retention: deliveries by creation (DeliveryRetention). Not updatedAt, which every claim and
// outcome rewrites: an index on it would be rewritten with each of them.
DeliverySchema.index({ createdAt: 1 });
