import { z } from 'zod';
import { allEvents, contractId } from './catalogue';
import type { EventContract } from './define-event';
import { envelopeSchema } from './envelope';
import { allTopics, deadLetterTopic, deadLetterTopicSpec, type TopicSpec } from './topics';

/**
 * An AsyncAPI 3.0 description of every Portico event, generated from the catalogue so other
 * services (and teams) can subscribe without reading our code. `docs/asyncapi.json` is its
 * committed output: regenerate it with `npx nx run contracts:asyncapi`.
 *
 * Schemas come from zod's own `z.toJSONSchema` (draft-07, the dialect AsyncAPI schemas extend),
 * in its `input` mode: what a consumer's zod schema accepts. That leaves out the
 * `additionalProperties: false` of the output mode, so a field added later to a version does
 * not break a strict JSON-Schema validator (zod consumers strip unknown fields too). Rules JSON
 * Schema cannot express (cross-field refinements) are named in the schema's description.
 *
 * The output is deterministic: no clock, no randomness; channels, messages and operations are
 * sorted by id; schema properties keep their declaration order.
 */

export const ASYNCAPI_COMMAND = 'npx nx run contracts:asyncapi';

/**
 * Kafka headers the publisher sets (libs/messaging `toKafkaMessage`; contracts imports nothing of
 * ours, so they are repeated here). `causation-id` is absent when the envelope's is null.
 */
export const EventHeaderNames = {
  type: 'event-type',
  version: 'event-version',
  id: 'event-id',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  /** Optional: set when the publisher traces, and on a replayed dead letter. */
  traceparent: 'traceparent',
  replayedFrom: 'portico-replayed-from',
} as const;

export interface AsyncApiOptions {
  /** `info.version` of the document. */
  version?: string;
}

type JsonObject = { [key: string]: unknown };

const KAFKA_BINDING_VERSION = '0.5.0';

/** The Kafka channel binding's `topicConfiguration` (binding 0.4.0+) for a declared retention. */
function topicConfiguration(topic: TopicSpec): JsonObject {
  return topic.retentionMs === undefined ? {} : { topicConfiguration: { 'retention.ms': topic.retentionMs } };
}

const envelopeFieldDocs: Record<string, string> = {
  id: 'UUIDv7: unique per event, time-ordered. Delivery is at-least-once: consumers dedupe by it.',
  type: 'Event type; consumers dispatch on type + version.',
  version: 'Schema version of this event type. A breaking change is a new version (and usually a new topic).',
  occurredAt: 'ISO-8601 UTC timestamp of the fact, not of its publication.',
  firmId: 'The firm (tenant). A payload with a firmId always equals it.',
  correlationId: 'Shared by every event caused, directly or not, by one request.',
  causationId: 'Id of the event that caused this one; null when a request (not an event) did.',
  key: 'The Kafka message key, derived from the payload (see the message binding).',
  payload: 'The event-specific data.',
};

export function asyncApiDocument(
  contracts: readonly EventContract[] = allEvents,
  topics: readonly TopicSpec[] = allTopics,
  options: AsyncApiOptions = {},
): JsonObject {
  const topicNames = new Set(topics.map((t) => t.name));
  for (const contract of contracts) {
    if (!topicNames.has(contract.topic)) {
      throw new Error(`${contractId(contract.type, contract.version)}: topic "${contract.topic}" is not declared`);
    }
  }

  const channels: JsonObject = {};
  const operations: JsonObject = {};
  const messages: JsonObject = {};

  for (const topic of [...topics].sort((a, b) => compare(a.name, b.name))) {
    const onTopic = contracts.filter((c) => c.topic === topic.name).sort((a, b) => compare(messageId(a), messageId(b)));
    const keys = [...new Set(onTopic.map((c) => keyExpression(c)))];
    const channelMessages: JsonObject = {};
    for (const contract of onTopic) {
      const id = messageId(contract);
      if (messages[id]) throw new Error(`${contractId(contract.type, contract.version)} is defined twice`);
      messages[id] = eventMessage(contract);
      channelMessages[id] = { $ref: `#/components/messages/${id}` };
    }
    channels[topic.name] = {
      address: topic.name,
      title: topic.name,
      description: [
        `Kafka topic with ${topic.partitions} partitions.`,
        `Key: ${keys.length === 1 ? keys[0] : `the aggregate id of each message (${keys.sort().join(' or ')}: see its Kafka key binding)`},`,
        'so all events of one aggregate land on one partition, in order.',
        'Values are JSON event envelopes. Dispatch on the envelope `type` + `version` (also in the `event-type` / `event-version` headers);',
        'commit and skip the types you do not handle (other consumers share the topic).',
        'Delivery is at-least-once: dedupe by the envelope `id`.',
      ].join(' '),
      messages: channelMessages,
      bindings: { kafka: { topic: topic.name, partitions: topic.partitions, ...topicConfiguration(topic), bindingVersion: KAFKA_BINDING_VERSION } },
    };
    operations[operationId(topic.name)] = {
      action: 'send',
      title: `Publish to ${topic.name}`,
      summary: `Events the owning service publishes to ${topic.name} (from its outbox, in order per key).`,
      channel: { $ref: `#/channels/${topic.name}` },
      messages: Object.keys(channelMessages).map((id) => ({ $ref: `#/channels/${topic.name}/messages/${id}` })),
    };
  }

  const dlt = deadLetterChannel();
  channels[DEAD_LETTER_CHANNEL] = dlt.channel;
  operations[operationId(DEAD_LETTER_CHANNEL)] = dlt.operation;
  messages[DEAD_LETTER_MESSAGE] = dlt.message;

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Portico events',
      version: options.version ?? '0.0.0',
      description: [
        'Every event Portico publishes on Kafka, generated from `libs/contracts` (the catalogue `allEvents`).',
        `Do not edit by hand: run \`${ASYNCAPI_COMMAND}\`.`,
        'Topics are `portico.<service>.<aggregate>.v<major>` (docs/decisions.md D1); every value is the JSON envelope of D2',
        '(`id`, `type`, `version`, `occurredAt`, `firmId`, `correlationId`, `causationId`, `key`, `payload`);',
        'messages a consumer gives up on go to its dead-letter topic (D3).',
      ].join(' '),
    },
    defaultContentType: 'application/json',
    channels: sortKeys(channels),
    operations: sortKeys(operations),
    components: { messages: sortKeys(messages) },
  };
}

/** `InvitationRequested.v1`: component keys allow `[A-Za-z0-9.\-_]` only, so not `@`. */
function messageId(contract: EventContract): string {
  return `${contract.type}.v${contract.version}`;
}

function operationId(channel: string): string {
  return `publish.${channel}`;
}

function eventMessage(contract: EventContract): JsonObject {
  const envelope = envelopeSchema.extend({
    type: z.literal(contract.type),
    version: z.literal(contract.version),
    payload: contract.payload,
  });
  const payload = toJsonSchema(envelope);
  const properties = payload['properties'] as Record<string, JsonObject>;
  for (const [field, description] of Object.entries(envelopeFieldDocs)) {
    const own = properties[field]?.['description'];
    if (properties[field]) properties[field] = { ...properties[field], description: own ? `${description} ${String(own)}` : description };
  }
  return {
    name: contract.type,
    title: contractId(contract.type, contract.version),
    summary: contract.description,
    contentType: 'application/json',
    headers: {
      type: 'object',
      properties: {
        [EventHeaderNames.type]: { type: 'string', const: contract.type, description: 'The envelope `type`.' },
        [EventHeaderNames.version]: { type: 'string', const: String(contract.version), description: 'The envelope `version`, as a decimal string.' },
        [EventHeaderNames.id]: { type: 'string', format: 'uuid', description: 'The envelope `id`.' },
        [EventHeaderNames.correlationId]: { type: 'string', minLength: 1, description: 'The envelope `correlationId`.' },
        [EventHeaderNames.causationId]: { type: 'string', minLength: 1, description: 'The envelope `causationId`; absent when it is null.' },
        [EventHeaderNames.traceparent]: {
          type: 'string',
          description: 'W3C trace context of the publish span, when the publisher traces (OpenTelemetry); consumers continue the trace from it.',
        },
        [EventHeaderNames.replayedFrom]: {
          type: 'string',
          description: 'Set on a dead letter republished by `./portico dlq replay`: `<dead-letter topic>:<partition>:<offset>`.',
        },
      },
      required: [EventHeaderNames.type, EventHeaderNames.version, EventHeaderNames.id, EventHeaderNames.correlationId],
    },
    payload,
    bindings: {
      kafka: {
        key: { type: 'string', minLength: 1, description: `${keyExpression(contract)} (equals the envelope \`key\`).` },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

/** zod -> JSON Schema (draft-07, input side), without `$schema` (the document sets the dialect). */
function toJsonSchema(schema: z.ZodType): JsonObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const rules = refinementNotes(zodSchema);
      if (rules.length > 0) {
        const note = `Also checked (not expressible in JSON Schema): ${rules.join('; ')}.`;
        jsonSchema.description = jsonSchema.description ? `${jsonSchema.description} ${note}` : note;
      }
    },
  }) as JsonObject;
  return json;
}

/** The custom checks (`.refine`) of a schema, as "`path`: message" where zod lets us read them. */
function refinementNotes(schema: unknown): string[] {
  const checks = (schema as { _zod?: { def?: { checks?: unknown[] } } })._zod?.def?.checks ?? [];
  const notes: string[] = [];
  for (const check of checks) {
    const def = (check as { _zod?: { def?: { check?: string; path?: PropertyKey[]; error?: unknown } } })._zod?.def;
    if (def?.check !== 'custom') continue;
    let message: string | undefined;
    if (typeof def.error === 'function') {
      try {
        const result: unknown = def.error({});
        if (typeof result === 'string') message = result;
        else if (result && typeof (result as { message?: unknown }).message === 'string') message = (result as { message: string }).message;
      } catch {
        message = undefined;
      }
    }
    const where = def.path && def.path.length > 0 ? `\`${def.path.map(String).join('.')}\` ` : '';
    notes.push(`${where}${message ?? 'a cross-field rule'}`.trim());
  }
  return notes;
}

/**
 * Which payload field(s) the Kafka key is, read by running the contract's `key` function on a
 * probe that records the property paths it touches (`payload.invitationId`).
 */
function keyExpression(contract: EventContract): string {
  const probe = (path: string): unknown =>
    new Proxy(() => undefined, {
      get: (_target, prop) => {
        if (prop === Symbol.toPrimitive || prop === 'toString' || prop === 'valueOf') return () => path;
        return probe(`${path}.${String(prop)}`);
      },
    });
  try {
    const key = String(contract.key(probe('payload') as never));
    return key.includes('payload.') ? key : 'derived from the payload';
  } catch {
    return 'derived from the payload';
  }
}

const DEAD_LETTER_CHANNEL = 'deadLetters';
const DEAD_LETTER_MESSAGE = 'DeadLetter';

/** The dead-letter topic pattern (docs/decisions.md D3) and its record (libs/messaging `DeadLetter`). */
function deadLetterChannel(): { channel: JsonObject; operation: JsonObject; message: JsonObject } {
  const sample = 'service';
  const address = deadLetterTopic(sample).replace(`.${sample}.`, '.{service}.');
  const partitions = deadLetterTopicSpec(sample).partitions;
  const str = (description: string): JsonObject => ({ type: 'string', description });
  const nullableStr = (description: string): JsonObject => ({ anyOf: [{ type: 'string' }, { type: 'null' }], description });
  const message: JsonObject = {
    name: DEAD_LETTER_MESSAGE,
    title: 'Dead letter',
    summary: 'A message a consuming service gave up on: the original record, the reason and the attempt count.',
    description: [
      'Written when a message fails schema validation (at once, attempts 0) or its handler still throws after the retries',
      '(default 5 attempts, exponential backoff 200 ms doubling to 5 s). The original offset is committed only after the',
      'dead letter was written, so nothing is dropped. The Kafka key is the original key.',
      'The topic also holds the replay markers of `./portico dlq replay` (header `portico-dlq-record: replay-marker`), which readers of dead letters skip.',
    ].join(' '),
    contentType: 'application/json',
    headers: {
      type: 'object',
      description: 'The original headers, plus these.',
      properties: {
        'dlt-original-topic': str('Topic of the original message.'),
        'dlt-original-partition': str('Its partition, as a decimal string.'),
        'dlt-original-offset': str('Its offset.'),
        'dlt-reason': str('Why it was given up on.'),
        'dlt-attempts': str('Handler attempts made, as a decimal string.'),
        'dlt-failed-at': str('ISO-8601 time of the last failure.'),
        'dlt-service': str('The consuming service.'),
      },
      required: ['dlt-original-topic', 'dlt-original-partition', 'dlt-original-offset', 'dlt-reason', 'dlt-attempts', 'dlt-failed-at', 'dlt-service'],
    },
    payload: {
      type: 'object',
      properties: {
        service: str('The consuming service that gave up.'),
        groupId: str('Its Kafka consumer group.'),
        topic: str('Topic of the original message.'),
        partition: { type: 'integer', minimum: 0, description: 'Partition of the original message.' },
        offset: str('Offset of the original message (a decimal string: offsets exceed 2^53).'),
        key: nullableStr('Key of the original message.'),
        value: nullableStr('Value of the original message, as received (usually the JSON envelope, but possibly not JSON at all).'),
        headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'Headers of the original message.' },
        reason: str('Why: `schema: ...` for a message that failed validation, otherwise the last handler error.'),
        attempts: { type: 'integer', minimum: 0, description: 'Handler attempts made (0 when validation failed).' },
        failedAt: { type: 'string', format: 'date-time', description: 'ISO-8601 time of the last failure.' },
        eventId: nullableStr('The envelope `id`, when the value was a valid envelope.'),
        eventType: nullableStr('The envelope `type`, when the value was a valid envelope.'),
      },
      required: ['service', 'groupId', 'topic', 'partition', 'offset', 'key', 'value', 'headers', 'reason', 'attempts', 'failedAt', 'eventId', 'eventType'],
    },
  };
  const channel: JsonObject = {
    address,
    title: 'Dead letters',
    description: [
      `One topic per consuming service (\`${address}\`), ${partitions} partition so dead letters stay in failure order.`,
      "Read by people and replay tools; each team owns its service's failures.",
    ].join(' '),
    parameters: { service: { description: 'The consuming service, e.g. `invitations`, `notifications` (lower-case, `[a-z][a-z0-9-]*`).' } },
    messages: { [DEAD_LETTER_MESSAGE]: { $ref: `#/components/messages/${DEAD_LETTER_MESSAGE}` } },
    bindings: { kafka: { partitions, ...topicConfiguration(deadLetterTopicSpec(sample)), bindingVersion: KAFKA_BINDING_VERSION } },
  };
  const operation: JsonObject = {
    action: 'send',
    title: 'Dead-letter a message',
    summary: 'Every consuming service writes the messages it gives up on to its own dead-letter topic.',
    channel: { $ref: `#/channels/${DEAD_LETTER_CHANNEL}` },
    messages: [{ $ref: `#/channels/${DEAD_LETTER_CHANNEL}/messages/${DEAD_LETTER_MESSAGE}` }],
  };
  return { channel, operation, message };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKeys(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => compare(a, b)));
}
