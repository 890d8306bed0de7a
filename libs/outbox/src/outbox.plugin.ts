import type { EventEnvelope } from '@portico/contracts';
import { activeTraceparent } from '@portico/messaging';
import { Document, Schema, type UpdateQuery } from 'mongoose';

/** Fields the plugin adds to an aggregate document. */
export interface OutboxFields {
  /** Events caused by the document's last changes, not yet published, oldest first. */
  outbox: EventEnvelope[];
  /**
   * Set whenever `outbox` may be non-empty; the relay looks documents up by it (a sparse index,
   * so it only holds documents with work). Cleared only by a write conditioned on an empty outbox.
   */
  outboxPending?: boolean;
  outboxLeaseUntil?: Date;
  outboxLeaseOwner?: string;
  /** The claim call that leased the document (a relay claims many at once, then reads back its own). */
  outboxLeaseClaim?: string;
}

const envelopeSchema = new Schema<TracedEvent>(
  {
    id: { type: String, required: true },
    type: { type: String, required: true },
    version: { type: Number, required: true },
    // Kept as the ISO string it was created as: the envelope is published byte for byte.
    occurredAt: { type: String, required: true },
    firmId: { type: String, required: true },
    correlationId: { type: String, required: true },
    causationId: { type: String, default: null },
    key: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    // The W3C trace context the event was written in (see stamp): the relay's publish span
    // continues that trace. Stored only, never part of the published envelope.
    traceparent: { type: String },
  },
  { _id: false, minimize: false },
);

/**
 * Gives a schema its outbox: `schema.plugin(outboxPlugin)`. Events are appended in the same
 * single-document write as the state change they describe (`withEvents`, or
 * `new Model({ ...state, outbox: [event] })`, or `doc.outbox.push(event)` + `save()`), so the
 * change and its events are committed together or not at all - no transaction needed.
 */
export function outboxPlugin(schema: Schema): void {
  schema.add({
    outbox: { type: [envelopeSchema], default: [] },
    outboxPending: { type: Boolean },
    outboxLeaseUntil: { type: Date },
    outboxLeaseOwner: { type: String },
    outboxLeaseClaim: { type: String },
  });
  schema.index({ outboxPending: 1 }, { sparse: true });

  schema.pre('save', function () {
    const outbox = this.get('outbox') as TracedEvent[] | undefined;
    if (this.isModified('outbox') && outbox && outbox.length > 0) {
      stamp(outbox);
      this.set('outboxPending', true);
    }
  });

  // Writes that append events without `withEvents` still flag the document: every write path
  // mongoose offers for appending (save and create above, updates, insertMany, bulkWrite).
  schema.pre(['updateOne', 'updateMany', 'findOneAndUpdate'], function () {
    const update = this.getUpdate();
    if (pushesEvents(update)) {
      stamp(pushedEvents(update));
      this.set('outboxPending', true);
    }
  });
  schema.pre('insertMany', function (docs: unknown) {
    for (const doc of Array.isArray(docs) ? docs : [docs]) flagInsert(doc);
  });
  schema.pre('bulkWrite', function (ops) {
    for (const op of ops) {
      if ('insertOne' in op) flagInsert(op.insertOne.document);
      const update = 'updateOne' in op ? op.updateOne : 'updateMany' in op ? op.updateMany : undefined;
      if (update && pushesEvents(update.update)) {
        stamp(pushedEvents(update.update));
        update.update = { ...update.update, $set: { ...update.update.$set, outboxPending: true } };
      }
    }
  });
}

type TracedEvent = EventEnvelope & { traceparent?: string };

/**
 * Records the active trace context on events that have none yet, at the moment they are
 * written (in the request or the handler that causes them). `withEvents` stamps as it is
 * called, which matters where writes are batched and run in another caller's context.
 */
function stamp(events: readonly TracedEvent[]): void {
  const traceparent = activeTraceparent();
  if (!traceparent) return;
  for (const event of events) if (event && typeof event === 'object' && !event.traceparent) event.traceparent = traceparent;
}

function pushedEvents(update: UpdateQuery<OutboxFields>): TracedEvent[] {
  const pushed = (update.$push as Record<string, unknown>).outbox as { $each?: TracedEvent[] } | TracedEvent;
  return pushed && typeof pushed === 'object' && '$each' in pushed ? (pushed.$each ?? []) : [pushed as TracedEvent];
}

function pushesEvents(update: unknown): update is UpdateQuery<OutboxFields> {
  const push = (update as UpdateQuery<OutboxFields> | null)?.$push;
  return !Array.isArray(update) && push !== undefined && push !== null && 'outbox' in push;
}

function flagInsert(doc: unknown): void {
  if (doc instanceof Document) {
    const outbox = doc.get('outbox') as TracedEvent[] | undefined;
    if (outbox?.length) {
      stamp(outbox);
      doc.set('outboxPending', true);
    }
  } else if (doc && typeof doc === 'object' && Array.isArray((doc as Partial<OutboxFields>).outbox) && (doc as OutboxFields).outbox.length > 0) {
    stamp((doc as OutboxFields).outbox);
    (doc as OutboxFields).outboxPending = true;
  }
}

/**
 * Adds `events` to an update so they are written with it:
 * `Model.updateOne({ _id, firmId }, withEvents({ $set: { name } }, [event]))`.
 */
export function withEvents<T extends UpdateQuery<unknown>>(update: T, events: readonly EventEnvelope[]): T {
  if (events.length === 0) return update;
  const push = (update.$push ?? {}) as Record<string, unknown>;
  if ('outbox' in push) throw new Error('withEvents: the update already pushes to outbox');
  const traceparent = activeTraceparent();
  return {
    ...update,
    $set: { ...(update.$set ?? {}), outboxPending: true },
    $push: { ...push, outbox: { $each: events.map((event) => (traceparent && !(event as TracedEvent).traceparent ? { ...event, traceparent } : event)) } },
  };
}
