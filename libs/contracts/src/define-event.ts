import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { envelopeSchema, type EventEnvelope, type EventOrigin } from './envelope';
import { EventValidationError } from './validation-error';

export interface EventContract<TType extends string = string, TPayload = unknown> {
  readonly type: TType;
  /** Schema version of this event type. A breaking change is a new version (and usually a new topic). */
  readonly version: number;
  readonly topic: string;
  /** Aggregate id the Kafka key is derived from. (Method syntax keeps contracts assignable to `EventContract`.) */
  key(payload: TPayload): string;
  readonly payload: z.ZodType<TPayload>;
  readonly description: string;
}

export type PayloadOf<C> = C extends EventContract<string, infer P> ? P : never;
export type EnvelopeOf<C> = C extends EventContract<infer T, infer P> ? EventEnvelope<P, T> : never;

export function defineEvent<const TType extends string, TSchema extends z.ZodType>(definition: {
  type: TType;
  version: number;
  topic: string;
  key: (payload: z.output<TSchema>) => string;
  payload: TSchema;
  description: string;
}): EventContract<TType, z.output<TSchema>> {
  if (!Number.isInteger(definition.version) || definition.version < 1) {
    throw new Error(`${definition.type}: version must be a positive integer`);
  }
  return Object.freeze({ ...definition, payload: definition.payload as z.ZodType<z.output<TSchema>> });
}

/**
 * Builds an envelope for `payload` after validating it: the fields of an invalid payload are
 * named in the error, so a bug surfaces at the producer, not in some consumer later.
 */
export function createEvent<TType extends string, TPayload>(
  contract: EventContract<TType, TPayload>,
  payload: TPayload,
  origin: EventOrigin,
): EventEnvelope<TPayload, TType> {
  const parsed = contract.payload.safeParse(payload);
  if (!parsed.success) throw new EventValidationError(contract.type, parsed.error.issues, ['payload']);
  const envelope: EventEnvelope<TPayload, TType> = {
    id: uuidv7(),
    type: contract.type,
    version: contract.version,
    occurredAt: new Date().toISOString(),
    firmId: origin.firmId,
    correlationId: origin.correlationId,
    causationId: origin.causationId ?? null,
    key: contract.key(parsed.data),
    payload: parsed.data,
  };
  assertEnvelope(contract, envelope);
  return envelope;
}

/** Validates an incoming (already JSON-decoded) envelope and its payload against `contract`. */
export function parseEvent<TType extends string, TPayload>(contract: EventContract<TType, TPayload>, input: unknown): EventEnvelope<TPayload, TType> {
  const envelope = envelopeSchema.safeParse(input);
  if (!envelope.success) throw new EventValidationError(contract.type, envelope.error.issues);
  const payload = contract.payload.safeParse(envelope.data.payload);
  if (!payload.success) throw new EventValidationError(contract.type, payload.error.issues, ['payload']);
  const parsed = { ...envelope.data, payload: payload.data } as EventEnvelope<TPayload, TType>;
  assertEnvelope(contract, parsed);
  return parsed;
}

/** Rules that tie the envelope to its contract and payload. */
function assertEnvelope<TType extends string, TPayload>(contract: EventContract<TType, TPayload>, envelope: EventEnvelope<TPayload>): void {
  const fail = (path: string, message: string): never => {
    throw new EventValidationError(contract.type, [{ path: [path], message }]);
  };
  if (envelope.type !== contract.type) fail('type', `expected "${contract.type}", got "${envelope.type}"`);
  if (envelope.version !== contract.version) fail('version', `expected ${contract.version}, got ${envelope.version}`);
  if (envelope.firmId.length === 0) fail('firmId', 'must not be empty');
  if (envelope.correlationId.length === 0) fail('correlationId', 'must not be empty');
  const expectedKey = contract.key(envelope.payload);
  if (envelope.key !== expectedKey) fail('key', `expected "${expectedKey}" (derived from the payload), got "${envelope.key}"`);
  // A tenant's event must not carry another tenant's data.
  const payloadFirmId = (envelope.payload as { firmId?: unknown } | null)?.firmId;
  if (payloadFirmId !== undefined && payloadFirmId !== envelope.firmId) {
    fail('payload.firmId', `must equal the envelope firmId "${envelope.firmId}"`);
  }
}
