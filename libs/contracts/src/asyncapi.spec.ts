import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ASYNCAPI_COMMAND, EventHeaderNames, asyncApiDocument } from './asyncapi';
import { allEvents } from './catalogue';
import { createEvent, defineEvent, type EventContract } from './define-event';
import { EmailSent } from './events/notification.events';
import { PortalAccessGranted } from './events/identity.events';
import { InvitationRequested } from './events/invitation.events';
import { ClientCreated } from './events/client.events';
import { ASYNCAPI_PATH, renderAsyncApi } from './generate-asyncapi';
import { allTopics, deadLetterTopic, deadLetterTopicSpec } from './topics';

type Json = Record<string, unknown>;

const doc = asyncApiDocument();
const channels = doc['channels'] as Record<string, Json>;
const operations = doc['operations'] as Record<string, Json>;
const messages = (doc['components'] as { messages: Record<string, Json> }).messages;
const origin = { firmId: 'firm-1', correlationId: 'corr-1' };

function messageOf(contract: EventContract): Json {
  const message = messages[`${contract.type}.v${contract.version}`];
  if (!message) throw new Error(`no message for ${contract.type}`);
  return message;
}

function envelopeSchemaOf(contract: EventContract): Json {
  return messageOf(contract)['payload'] as Json;
}

function payloadSchemaOf(contract: EventContract): Json {
  return (envelopeSchemaOf(contract)['properties'] as Record<string, Json>)['payload'] as Json;
}

/**
 * No JSON-Schema validator is installed: this checks the keywords zod emits for our contracts
 * (type, const, enum, required, properties, additionalProperties, anyOf, items, lengths,
 * pattern, bounds) and returns the paths that fail. Enough to show the schema and the data agree.
 */
function violations(schema: Json, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  const fail = (what: string) => errors.push(`${path}: ${what}`);
  if (Array.isArray(schema['anyOf'])) {
    if (!(schema['anyOf'] as Json[]).some((branch) => violations(branch, value, path).length === 0)) fail('matches no anyOf branch');
  }
  const type = schema['type'] as string | undefined;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (type === 'integer' ? !Number.isInteger(value) : type !== undefined && type !== actual) return [`${path}: expected ${type}, got ${actual}`];
  if ('const' in schema && schema['const'] !== value) fail(`expected const ${JSON.stringify(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) fail(`not in enum ${JSON.stringify(schema['enum'])}`);
  if (typeof value === 'string') {
    if (typeof schema['minLength'] === 'number' && value.length < schema['minLength']) fail('too short');
    if (typeof schema['maxLength'] === 'number' && value.length > schema['maxLength']) fail('too long');
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern']).test(value)) fail(`does not match ${schema['pattern']}`);
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) fail('below minimum');
    if (typeof schema['exclusiveMinimum'] === 'number' && value <= schema['exclusiveMinimum']) fail('not above exclusiveMinimum');
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) fail('above maximum');
  }
  if (Array.isArray(value) && schema['items']) value.forEach((item, i) => errors.push(...violations(schema['items'] as Json, item, `${path}[${i}]`)));
  if (actual === 'object') {
    const object = value as Json;
    const properties = (schema['properties'] ?? {}) as Record<string, Json>;
    for (const name of (schema['required'] ?? []) as string[]) if (!(name in object)) fail(`missing required "${name}"`);
    for (const [name, item] of Object.entries(object)) {
      if (properties[name]) errors.push(...violations(properties[name], item, `${path}.${name}`));
      else if (schema['additionalProperties'] === false) fail(`unexpected "${name}"`);
    }
  }
  return errors;
}

describe('asyncApiDocument', () => {
  it('is an AsyncAPI 3.0.0 document titled "Portico events"', () => {
    expect(doc['asyncapi']).toBe('3.0.0');
    expect(doc['info']).toMatchObject({ title: 'Portico events', version: expect.any(String) });
    expect(doc['defaultContentType']).toBe('application/json');
  });

  it('has one channel per topic, addressed by its name, with partition count and key', () => {
    for (const topic of allTopics) {
      const channel = channels[topic.name];
      expect(channel).toMatchObject({ address: topic.name, bindings: { kafka: { topic: topic.name, partitions: topic.partitions } } });
      expect(channel!['description']).toContain(`${topic.partitions} partitions`);
      expect(channel!['description']).toMatch(/Key: .*payload\.\w+/);
    }
  });

  it.each(allEvents.map((c) => [`${c.type}@v${c.version}`, c] as const))('%s is a message of its topic channel and its send operation', (_id, contract) => {
    const id = `${contract.type}.v${contract.version}`;
    expect(messageOf(contract)).toMatchObject({
      name: contract.type,
      title: `${contract.type}@v${contract.version}`,
      summary: contract.description,
      contentType: 'application/json',
    });
    expect((channels[contract.topic]!['messages'] as Json)[id]).toEqual({ $ref: `#/components/messages/${id}` });
    const operation = operations[`publish.${contract.topic}`]!;
    expect(operation).toMatchObject({ action: 'send', channel: { $ref: `#/channels/${contract.topic}` } });
    expect(operation['messages']).toContainEqual({ $ref: `#/channels/${contract.topic}/messages/${id}` });
  });

  it('lists no message that is not in the catalogue (besides the dead letter)', () => {
    const expected = allEvents.map((c) => `${c.type}.v${c.version}`).concat('DeadLetter');
    expect(Object.keys(messages).sort()).toEqual(expected.sort());
  });

  it('describes the headers the publisher sets', () => {
    const headers = messageOf(InvitationRequested)['headers'] as Json;
    expect(Object.keys(headers['properties'] as Json).sort()).toEqual(Object.values(EventHeaderNames).sort());
    expect(headers['required']).toEqual(['event-type', 'event-version', 'event-id', 'correlation-id']);
    expect((headers['properties'] as Record<string, Json>)['event-version']).toMatchObject({ type: 'string', const: '1' });
  });

  it('gives every message the full envelope, with type and version fixed and the payload schema inside', () => {
    for (const contract of allEvents) {
      const envelope = envelopeSchemaOf(contract);
      expect(envelope['required']).toEqual(['id', 'type', 'version', 'occurredAt', 'firmId', 'correlationId', 'causationId', 'key', 'payload']);
      const properties = envelope['properties'] as Record<string, Json>;
      expect(properties['type']).toMatchObject({ const: contract.type });
      expect(properties['version']).toMatchObject({ const: contract.version });
      expect(properties['payload']).toMatchObject({ type: 'object', properties: expect.any(Object) });
      expect(JSON.stringify(envelope)).not.toContain('$schema');
    }
  });

  it('carries payload required fields and enums', () => {
    const requested = payloadSchemaOf(InvitationRequested);
    expect(requested['required']).toEqual(['invitationId', 'clientId', 'email', 'recipientKind', 'requestedBy']);
    expect((requested['properties'] as Record<string, Json>)['recipientKind']).toEqual({ type: 'string', enum: ['client', 'contact', 'extra'] });
    // The refinement cannot be JSON Schema: it is spelled out instead.
    expect(requested['description']).toContain('`contactId` required when recipientKind is "contact"');
    const granted = payloadSchemaOf(PortalAccessGranted);
    expect(granted['required']).toEqual(['userId', 'email', 'firmId', 'clientId', 'contactId', 'recipientKind', 'invitationId', 'newAccount']);
    expect((granted['properties'] as Record<string, Json>)['contactId']).toMatchObject({ anyOf: [{ type: 'string' }, { type: 'null' }] });
  });

  it('accepts envelopes made by createEvent and rejects broken ones', () => {
    const requested = createEvent(
      InvitationRequested,
      { invitationId: 'inv-1', clientId: 'c-1', email: 'a@example.com', recipientKind: 'contact', contactId: 'k-1', requestedBy: 'u-1' },
      origin,
    );
    const examples = [
      requested,
      createEvent(
        PortalAccessGranted,
        {
          userId: 'u-2',
          email: 'b@example.com',
          firmId: 'firm-1',
          clientId: 'c-1',
          contactId: null,
          recipientKind: 'client',
          invitationId: 'inv-1',
          newAccount: true,
        },
        { ...origin, causationId: 'evt-0' },
      ),
      createEvent(
        EmailSent,
        {
          deliveryKey: 'd-1',
          about: { kind: 'invitation', id: 'inv-1' },
          to: 'c@example.com',
          messageId: '<m@x>',
          attempts: 1,
          sentAt: new Date().toISOString(),
        },
        origin,
      ),
      createEvent(
        ClientCreated,
        { clientId: 'c-1', firmId: 'firm-1', kind: 'individual', displayName: 'Ada', emails: ['ada@example.com'], contacts: [] },
        origin,
      ),
    ];
    for (const example of examples) {
      const contract = allEvents.find((c) => c.type === example.type)!;
      expect(violations(envelopeSchemaOf(contract), JSON.parse(JSON.stringify(example)))).toEqual([]);
    }
    expect(violations(envelopeSchemaOf(InvitationRequested), { ...requested, payload: { ...requested.payload, recipientKind: 'friend' } })).toEqual([
      expect.stringContaining('$.payload.recipientKind: not in enum'),
    ]);
    expect(violations(envelopeSchemaOf(InvitationRequested), { ...requested, version: 2 })).toEqual([expect.stringContaining('$.version')]);
    const { requestedBy: _dropped, ...withoutRequester } = requested.payload;
    expect(violations(envelopeSchemaOf(InvitationRequested), { ...requested, payload: withoutRequester })).toEqual([
      '$.payload: missing required "requestedBy"',
    ]);
  });

  it('documents the dead-letter topic pattern and record', () => {
    const channel = channels['deadLetters']!;
    expect(channel['address']).toBe('portico.dlt.{service}.v1');
    expect((channel['address'] as string).replace('{service}', 'invitations')).toBe(deadLetterTopic('invitations'));
    expect(channel).toMatchObject({ parameters: { service: expect.any(Object) }, bindings: { kafka: { partitions: deadLetterTopicSpec('x').partitions } } });
    expect(operations['publish.deadLetters']).toMatchObject({ action: 'send' });
    expect((messages['DeadLetter']!['payload'] as Json)['required']).toEqual([
      'service',
      'groupId',
      'topic',
      'partition',
      'offset',
      'key',
      'value',
      'headers',
      'reason',
      'attempts',
      'failedAt',
      'eventId',
      'eventType',
    ]);
  });

  it('is deterministic, whatever the order of the catalogue and topics', () => {
    const again = asyncApiDocument([...allEvents].reverse(), [...allTopics].reverse());
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc));
  });

  it('handles refinements, transforms and unrepresentable types without throwing', () => {
    const Odd = defineEvent({
      type: 'Odd',
      version: 2,
      topic: allTopics[0]!.name,
      key: (p) => `${p.firmId}:${p.id}`,
      payload: z.object({ firmId: z.string(), id: z.string(), count: z.string().transform(Number), at: z.date() }).refine(() => true),
      description: 'Test only.',
    }) as EventContract;
    const generated = asyncApiDocument([Odd], allTopics.slice(0, 1));
    const message = (generated['components'] as { messages: Record<string, Json> }).messages['Odd.v2']!;
    const payload = ((message['payload'] as Json)['properties'] as Record<string, Json>)['payload']!;
    expect((payload['properties'] as Record<string, Json>)['count']).toEqual({ type: 'string' });
    expect((payload['properties'] as Record<string, Json>)['at']).toEqual({});
    expect(payload['description']).toContain('a cross-field rule');
    expect((message['bindings'] as { kafka: { key: Json } }).kafka.key['description']).toContain('payload.firmId:payload.id');
  });

  it('refuses a contract whose topic is not declared', () => {
    const stray = { ...ClientCreated, topic: 'portico.nowhere.v1' } as EventContract;
    expect(() => asyncApiDocument([stray], allTopics)).toThrow('topic "portico.nowhere.v1" is not declared');
  });
});

describe(ASYNCAPI_PATH, () => {
  it('is up to date with the catalogue', () => {
    const root = resolve(__dirname, '../../..');
    let committed = '';
    try {
      committed = readFileSync(resolve(root, ASYNCAPI_PATH), 'utf8');
    } catch {
      committed = '(missing)';
    }
    const fresh = renderAsyncApi(root);
    if (committed !== fresh) {
      throw new Error(`${ASYNCAPI_PATH} is out of date with libs/contracts: run \`${ASYNCAPI_COMMAND}\` and commit the result.`);
    }
  });
});
