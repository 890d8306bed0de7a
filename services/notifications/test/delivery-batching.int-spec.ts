import { jest } from '@jest/globals';
import { causedBy, createEvent, EmailSent } from '@portico/contracts';
import type { OutboxRelay } from '@portico/outbox';
import { assertTestDatabase, testDatabaseName, testEndpoints } from '@portico/testing';
import mongoose, { type Connection, type Model } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import type { ClaimedDelivery, NewDelivery } from '../src/deliveries/domain/delivery';
import { DeliveryMongoRepository } from '../src/deliveries/persistence/delivery.mongo-repository';
import { DeliveryRetention } from '../src/deliveries/retention/delivery-retention';
import { DELIVERY_MODEL, DeliverySchema, type DeliveryDocument } from '../src/deliveries/persistence/delivery.schema';

// The repository's bulk commands against the real MongoDB-wire server: concurrent calls share
// one command, and each still gets its own answer.
describe('delivery repository batching', () => {
  const database = testDatabaseName('notif_batching');
  let db: Connection;
  let model: Model<DeliveryDocument>;
  const commands: string[] = [];
  const relay = () => ({ register: jest.fn(), nudge: jest.fn() }) as unknown as OutboxRelay & { nudge: jest.Mock };
  const repository = () => {
    const repo = new DeliveryMongoRepository(model, relay());
    repo.onModuleInit();
    return repo;
  };
  const counted = async <T>(run: () => Promise<T>): Promise<{ result: T; commands: string[] }> => {
    commands.length = 0;
    const result = await run();
    return { result, commands: [...commands] };
  };

  beforeAll(async () => {
    assertTestDatabase(database);
    db = await mongoose.createConnection(testEndpoints().mongoUrl, { dbName: database, monitorCommands: true }).asPromise();
    db.getClient().on('commandStarted', (event) => {
      if (event.databaseName === database) commands.push(event.commandName);
    });
    model = db.model<DeliveryDocument>(DELIVERY_MODEL, DeliverySchema);
    await model.init();
  });
  afterAll(async () => {
    await db?.dropDatabase();
    await db?.close();
  });
  beforeEach(() => model.deleteMany({}));

  const delivery = (deliveryKey = `invitation:${uuidv7()}`): NewDelivery => ({
    deliveryKey,
    firmId: 'firm-1',
    about: { kind: 'invitation', id: deliveryKey },
    to: `${deliveryKey.replace(/\W/g, '')}@example.test`,
    content: { subject: 'Subject', html: '<p>html</p>', text: 'text' },
    messageId: `<${deliveryKey}@portico.test>`,
    templateId: null,
    renderedWith: 'default',
    cause: { eventId: uuidv7(), correlationId: 'corr-1' },
  });
  const sentEvent = (claimed: ClaimedDelivery) =>
    createEvent(
      EmailSent,
      {
        deliveryKey: claimed.deliveryKey,
        about: claimed.about,
        to: claimed.to,
        messageId: claimed.messageId,
        attempts: claimed.attempts,
        sentAt: new Date().toISOString(),
      },
      causedBy({ id: claimed.cause.eventId, firmId: claimed.firmId, correlationId: claimed.cause.correlationId }),
    );
  const queue = async (count: number, now = new Date()) => {
    const repo = repository();
    const all = Array.from({ length: count }, () => delivery());
    await Promise.all(all.map((item) => repo.insertIfAbsent(item, now)));
    return all;
  };

  it('queues the requests handled at the same time with one insert; a key queued before, or twice in the batch, is not queued again', async () => {
    const repo = repository();
    const existing = delivery();
    expect(await repo.insertIfAbsent(existing, new Date())).toBe(true);
    const fresh = [delivery(), delivery(), delivery()];
    const twice = delivery();

    const { result, commands: sent } = await counted(() =>
      Promise.all(
        [...fresh, existing, twice, { ...twice, cause: { eventId: uuidv7(), correlationId: 'corr-2' } }].map((item) => repo.insertIfAbsent(item, new Date())),
      ),
    );

    expect(result).toEqual([true, true, true, false, true, false]);
    expect(sent).toEqual(['insert']);
    expect(await model.countDocuments({ status: 'queued', attempts: 0 })).toBe(5);
  });

  it('claims due deliveries up to the limit in three round trips, never one twice when dispatchers race', async () => {
    const now = new Date();
    await queue(30, now);
    await queue(2, new Date(now.getTime() + 60_000)); // not due yet
    const [first, second] = [repository(), repository()];

    const { result, commands: sent } = await counted(() => Promise.all([first.claimDue(now, 60_000, 20), second.claimDue(now, 60_000, 20)]));
    const [a, b] = result;
    expect(sent.filter((name) => name !== 'find')).toEqual(['update', 'update']);
    expect(a.length + b.length).toBeGreaterThan(0);
    expect(a.length).toBeLessThanOrEqual(20);
    const keys = [...a, ...b].map((claimed) => claimed.deliveryKey);
    expect(new Set(keys).size).toBe(keys.length);

    const rest = await first.claimDue(now, 60_000, 100);
    expect(keys.length + rest.length).toBe(30);
    expect([...a, ...b, ...rest].every((claimed) => claimed.attempts === 1 && claimed.content.subject === 'Subject')).toBe(true);
    expect(await first.claimDue(now, 60_000, 100)).toEqual([]);
    // An expired claim (its process died) is claimed again, counting another attempt.
    const [again] = await first.claimDue(new Date(now.getTime() + 61_000), 60_000, 1);
    expect(again.attempts).toBe(2);
  });

  it('writes the outcomes of concurrent attempts with one bulk write, each answering whether its claim was still held', async () => {
    await queue(3);
    const repo = repository();
    const [sent, retried, takenOver] = (await repo.claimDue(new Date(), 60_000, 10)).sort((x, y) => x.deliveryKey.localeCompare(y.deliveryKey));
    await model.updateOne({ _id: takenOver.deliveryKey }, { $inc: { attempts: 1 } }); // another dispatcher claimed it after our lease ran out

    const { result, commands: written } = await counted(() =>
      Promise.all([
        repo.recordSent(sent, { sentAt: new Date(), smtpResponse: '250 Ok' }, [sentEvent(sent)]),
        repo.recordRetry(retried, { nextAttemptAt: new Date(Date.now() + 30_000), reason: '451 later' }),
        repo.recordSent(takenOver, { sentAt: new Date(), smtpResponse: '250 Ok' }, [sentEvent(takenOver)]),
      ]),
    );

    expect(result).toEqual([true, true, false]);
    expect(written).toEqual(['update', 'find']); // the bulk write, and the read-back of which took effect
    const docs = new Map((await model.find().lean()).map((doc) => [doc._id, doc]));
    expect(docs.get(sent.deliveryKey)).toMatchObject({ status: 'sent', smtpResponse: '250 Ok', outboxPending: true });
    expect(docs.get(sent.deliveryKey)?.content).toBeUndefined();
    expect(docs.get(sent.deliveryKey)?.outbox).toHaveLength(1);
    expect(docs.get(retried.deliveryKey)).toMatchObject({ status: 'queued', lastError: '451 later', attempts: 1 });
    expect(docs.get(takenOver.deliveryKey)).toMatchObject({ status: 'sending', attempts: 2 });
    expect(docs.get(takenOver.deliveryKey)?.outbox ?? []).toHaveLength(0);

    // Writing an outcome again (a retried write whose first try went through) changes nothing, and answers that it is recorded.
    expect(await repo.recordSent(sent, { sentAt: new Date(), smtpResponse: '250 Ok' }, [sentEvent(sent)])).toBe(true);
    expect((await model.findById(sent.deliveryKey).lean())?.outbox).toHaveLength(1);
  });

  it('renews the leases of the claims still held, in one command', async () => {
    await queue(2);
    const repo = repository();
    const [held, lost] = await repo.claimDue(new Date(), 60_000, 10);
    await model.updateOne({ _id: lost.deliveryKey }, { $inc: { attempts: 1 } });
    const until = new Date(Date.now() + 600_000);

    const { commands: sent } = await counted(() => repo.renewClaims([held, lost], until));

    expect(sent).toEqual(['update']);
    expect((await model.findById(held.deliveryKey).lean())?.leaseUntil).toEqual(until);
    expect((await model.findById(lost.deliveryKey).lean())?.leaseUntil).not.toEqual(until);
  });
  it('counts the deliveries still waiting (queue depth), and the retention deletes only finished ones older than its limit', async () => {
    const now = new Date();
    const [sentOld, failedOld, sentRecent, waitingOld] = await queue(4, now);
    const repo = repository();
    const claimed = await repo.claimDue(now, 60_000, 10);
    const claimOf = (key: string) => claimed.find((item) => item.deliveryKey === key)!;
    await repo.recordSent(claimOf(sentOld!.deliveryKey), { sentAt: now, smtpResponse: '250 Ok' }, [sentEvent(claimOf(sentOld!.deliveryKey))]);
    await repo.recordFailed(claimOf(failedOld!.deliveryKey), { failedAt: now, reason: '550 no such user' }, []);
    await repo.recordSent(claimOf(sentRecent!.deliveryKey), { sentAt: now, smtpResponse: '250 Ok' }, [sentEvent(claimOf(sentRecent!.deliveryKey))]);
    await repo.recordRetry(claimOf(waitingOld!.deliveryKey), { nextAttemptAt: new Date(now.getTime() + 60_000), reason: '451 later' });
    expect(await repo.countWaiting()).toBe(1);

    const longAgo = new Date(now.getTime() - 100 * 24 * 3600_000);
    const old = [sentOld!, failedOld!, waitingOld!].map((item) => item.deliveryKey);
    await model.collection.updateMany({ _id: { $in: old } } as never, { $set: { createdAt: longAgo } });

    const retention = new DeliveryRetention(repo, { DELIVERY_RETENTION_DAYS: 90 });
    await expect(retention.purge(now.getTime())).resolves.toBe(2);
    const left = await model.find({}, { _id: 1, status: 1 }).lean();
    expect(left.map((doc) => doc._id).sort()).toEqual([sentRecent!.deliveryKey, waitingOld!.deliveryKey].sort());
  });
});
