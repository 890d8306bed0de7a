import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, type INestMicroservice } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createEvent, deadLetterTopicSpec, defineEvent, type EnvelopeOf } from '@portico/contracts';
import { ensureTopics, EventPublisher, KafkaEventServer, MongoProcessedEventStore, OnEvent } from '@portico/messaging';
import { testEndpoints, uniqueName, waitFor, workspaceRoot } from '@portico/testing';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

// The whole path on the real broker: a consumer dead-letters an event its handler cannot handle,
// the built CLI (dist/tools/dlq/src/cli.js, as `./portico dlq` and the Kubernetes Job run it)
// lists it, and after the handler is fixed replays it: handled once, and once only however often
// it is replayed. Topic, service (so its dead-letter topic) and group are this run's own.
const { kafkaBrokers: BROKERS, mongoUrl: MONGO_URL } = testEndpoints();
const service = uniqueName('dlqtest').replace(/_/g, '-');
const dlt = deadLetterTopicSpec(service).name;
const topic = `test.dlq.${uniqueName('items')}.v1`;
const CLI = join(workspaceRoot(), 'dist/tools/dlq/src/cli.js');

const ItemTouched = defineEvent({
  type: 'ItemTouched',
  version: 1,
  topic,
  key: (p) => p.itemId,
  payload: z.object({ itemId: z.string() }),
  description: 'test event',
});

/** The handler fails while `broken`; every call and every success is counted by event id. */
const handler = { broken: true, calls: new Map<string, number>(), successes: new Map<string, number>() };
const bump = (map: Map<string, number>, id: string) => map.set(id, (map.get(id) ?? 0) + 1);

@Controller()
class ItemHandlers {
  @OnEvent(ItemTouched)
  async touched(event: EnvelopeOf<typeof ItemTouched>): Promise<void> {
    bump(handler.calls, event.id);
    if (handler.broken) throw new Error(`item ${event.payload.itemId}: the database is down`);
    bump(handler.successes, event.id);
  }
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a child process (stdin a pipe: not a terminal), without blocking the consumer in this process. */
function dlq(...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: workspaceRoot(),
      env: { ...process.env, KAFKA_BROKERS: BROKERS.join(','), NODE_OPTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

interface Listed {
  offset: string;
  deadLetter: { eventId: string; topic: string; attempts: number; reason: string };
  replays: Array<{ republished: { topic: string; partition: number; offset: string } }>;
}

async function listed(): Promise<Listed[]> {
  const result = await dlq('list', service, '--json');
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(result.stdout) as Listed[];
}

const kafka = new Kafka({ clientId: 'dlq-test', brokers: BROKERS, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
let connection: Connection;
let publisher: EventPublisher;
let app: INestMicroservice;
const origin = { firmId: 'firm-1', correlationId: 'corr-dlq' };
const first = createEvent(ItemTouched, { itemId: 'item-a' }, origin);
const second = createEvent(ItemTouched, { itemId: 'item-b' }, origin);
let offsets: { first: string; second: string };

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build it first (./portico nx run dlq:build; the integration target does)`);
  connection = await mongoose.createConnection(MONGO_URL, { dbName: uniqueName('test_dlq'), serverSelectionTimeoutMS: 5000 }).asPromise();
  await ensureTopics(BROKERS, [{ name: topic, partitions: 2 }, deadLetterTopicSpec(service)]);
  await admin.connect();
  publisher = new EventPublisher({ brokers: BROKERS, clientId: 'dlq-test', catalogue: [ItemTouched] });
  const server = new KafkaEventServer({
    brokers: BROKERS,
    clientId: service,
    groupId: service,
    service,
    processedEvents: new MongoProcessedEventStore(connection),
    maxAttempts: 1,
    sessionTimeout: 6000,
    heartbeatInterval: 1000,
  });
  const moduleRef = await Test.createTestingModule({ controllers: [ItemHandlers] }).compile();
  app = moduleRef.createNestMicroservice({ strategy: server, logger: false });
  await app.listen();
});

afterAll(async () => {
  await app?.close();
  await publisher?.onApplicationShutdown();
  await admin.deleteTopics({ topics: [topic, dlt] }).catch(() => undefined);
  await admin.disconnect();
  await connection?.dropDatabase();
  await connection?.close();
});

describe('dlq on the broker', () => {
  it('lists what the consumer dead-lettered, and shows one in full', async () => {
    await publisher.publish([first, second]);
    await waitFor(async () => Number((await admin.fetchTopicOffsets(dlt))[0]!.high) >= 2, { timeoutMs: 30_000, description: 'two dead letters' });

    const letters = await listed();
    expect(letters.map((entry) => [entry.deadLetter.eventId, entry.deadLetter.topic, entry.deadLetter.attempts, entry.replays])).toEqual(
      expect.arrayContaining([
        [first.id, topic, 1, []],
        [second.id, topic, 1, []],
      ]),
    );
    offsets = {
      first: letters.find((entry) => entry.deadLetter.eventId === first.id)!.offset,
      second: letters.find((entry) => entry.deadLetter.eventId === second.id)!.offset,
    };

    const table = await dlq('list', service);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^OFFSET\s+FAILED AT\s+ORIGINAL\s+EVENT\s+ATTEMPTS\s+REPLAYED\s+REASON$/);
    expect(lines.find((line) => line.includes(first.id))).toMatch(
      new RegExp(
        `^${offsets.first}\\s+\\S+Z\\s+${topic.replace(/\./g, '\\.')}\\[\\d\\]@\\d+\\s+ItemTouched ${first.id}\\s+1\\s+no\\s+handler: item item-a: the database is down$`,
      ),
    );
    expect(lines.at(-1)).toBe(`2 dead letters in ${dlt} (0 replayed, 2 not replayed)`);

    const shown = await dlq('show', service, offsets.first);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`  event       ItemTouched ${first.id}`);
    expect(shown.stdout).toContain('  reason      handler: item item-a: the database is down');
    expect(shown.stdout).toContain('      "itemId": "item-a"');
  });

  it('says what is wrong, with exit status 2 for usage and 1 for failures', async () => {
    const unknown = await dlq('list', 'no-such-service');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      "dlq: unknown service 'no-such-service': no topic portico.dlt.no-such-service.v1 (services: billing, clients, files, identity, invitations, notifications, tasks;",
    );

    const missing = await dlq('show', service, '999');
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain(`dlq: offset 999 is not in ${dlt} (it holds offsets 0-1)`);

    // Not a terminal and no --yes: refused before anything is read or written.
    const unconfirmed = await dlq('replay', service, offsets.first);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('stdin is not a terminal: add --yes');

    const dry = await dlq('replay', service, '--all', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`would replay 2 dead letters of ${service} (dry run: nothing written)`);
    expect((await listed()).every((entry) => entry.replays.length === 0)).toBe(true);
    expect(handler.calls.get(first.id)).toBe(1);
  });

  it('replays a dead letter once its handler is fixed: handled once, marked as a replay, listed as replayed', async () => {
    handler.broken = false;
    const replayed = await dlq('replay', service, offsets.first, '--yes');
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(
      new RegExp(`^replayed ${offsets.first}  ItemTouched ${first.id}  .* -> ${topic.replace(/\./g, '\\.')}\\[\\d\\]@\\d+$`, 'm'),
    );
    expect(replayed.stdout).toContain(`replayed 1 of 1 dead letter of ${service}`);
    await waitFor(() => handler.successes.get(first.id) === 1, { description: 'the replayed event handled' });

    // The republished record: original key and headers, no dlt-* header, the replay's marks.
    const entry = (await listed()).find((candidate) => candidate.deadLetter.eventId === first.id)!;
    expect(entry.replays).toHaveLength(1);
    const message = await readRecord(entry.replays[0]!.republished);
    expect(message.key?.toString()).toBe('item-a');
    expect(JSON.parse(String(message.value))).toMatchObject({ id: first.id });
    const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
    expect(headers).toMatchObject({
      'event-id': first.id,
      'portico-replayed-from': `${dlt}:0:${offsets.first}`,
      'portico-replayed-at': expect.stringMatching(/Z$/),
    });
    expect(Object.keys(headers).filter((name) => name.startsWith('dlt-'))).toEqual([]);
  });

  it('replay --all takes only what was never replayed; replaying again runs nothing twice', async () => {
    const all = await dlq('replay', service, '--all', '--yes');
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`replayed 1 of 1 dead letter of ${service}; 1 dead letter replayed before left out`);
    await waitFor(() => handler.successes.get(second.id) === 1, { description: 'the second event handled' });

    const again = await dlq('replay', service, offsets.first, offsets.second, '--yes');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`replayed 2 of 2 dead letters of ${service}`);
    // Events after the replays, on the same keys (so the same partitions): once they are handled, so are the replays.
    const afterA = createEvent(ItemTouched, { itemId: 'item-a' }, origin);
    const afterB = createEvent(ItemTouched, { itemId: 'item-b' }, origin);
    await publisher.publish([afterA, afterB]);
    await waitFor(() => handler.successes.get(afterA.id) === 1 && handler.successes.get(afterB.id) === 1, { description: 'the events after the replays' });

    // Each dead-lettered event: one failed call, then one success, however often it was replayed.
    expect([handler.calls.get(first.id), handler.successes.get(first.id)]).toEqual([2, 1]);
    expect([handler.calls.get(second.id), handler.successes.get(second.id)]).toEqual([2, 1]);

    const letters = await listed();
    expect(Object.fromEntries(letters.map((entry) => [entry.deadLetter.eventId, entry.replays.length]))).toEqual({ [first.id]: 2, [second.id]: 2 });
    const table = await dlq('list', service, '--pending');
    expect(table.stdout.trimEnd().split('\n')).toEqual([`2 dead letters in ${dlt} (2 replayed, 0 not replayed); 0 shown`]);
  });
});

/** The record at `where`, read with a throwaway group. */
async function readRecord(where: { topic: string; partition: number; offset: string }): Promise<KafkaMessage> {
  const consumer = kafka.consumer({ groupId: uniqueName('dlq-test-reader'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    let found: KafkaMessage | undefined;
    await consumer.subscribe({ topic: where.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (partition === where.partition && message.offset === where.offset) found = message;
      },
    });
    return await waitFor(() => found, { description: `${where.topic}[${where.partition}]@${where.offset}` });
  } finally {
    await consumer.disconnect();
  }
}
