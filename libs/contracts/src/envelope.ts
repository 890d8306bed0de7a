import { z } from 'zod';

/**
 * The wire format of every Portico event. The payload is typed per contract
 * (see `defineEvent`); this schema checks everything around it.
 */
export interface EventEnvelope<TPayload = unknown, TType extends string = string> {
  /** UUIDv7: unique per event, time-ordered; consumers dedupe by it. */
  id: string;
  type: TType;
  version: number;
  /** ISO-8601 UTC timestamp of the fact, not of its publication. */
  occurredAt: string;
  firmId: string;
  /** Shared by every event caused, directly or not, by one request. */
  correlationId: string;
  /** Id of the event that caused this one; null when a request (not an event) did. */
  causationId: string | null;
  /** Kafka message key: one aggregate's events share it and therefore stay in order. */
  key: string;
  payload: TPayload;
}

export const envelopeSchema = z.object({
  id: z.uuid({ version: 'v7' }),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  firmId: z.string().min(1),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  key: z.string().min(1),
  payload: z.unknown(),
});

/** Metadata a producer supplies; the rest of the envelope is derived. */
export interface EventOrigin {
  firmId: string;
  correlationId: string;
  causationId?: string | null;
}

/**
 * Origin for an event that is a consequence of `cause`: same firm and correlation,
 * caused by that event.
 */
export function causedBy(cause: Pick<EventEnvelope, 'id' | 'firmId' | 'correlationId'>): EventOrigin {
  return { firmId: cause.firmId, correlationId: cause.correlationId, causationId: cause.id };
}
