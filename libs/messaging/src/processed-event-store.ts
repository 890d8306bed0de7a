import { ConnectionStates, type Connection } from 'mongoose';
import { isDuplicateKey } from '@portico/mongo';

export interface ProcessedEventRecord {
  eventId: string;
  type: string;
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Remembers which events a consumer group has fully handled, so a redelivered or
 * re-published event (at-least-once everywhere) does not run its handler twice.
 */
export interface ProcessedEventStore {
  isProcessed(groupId: string, eventId: string): Promise<boolean>;
  /** Which of these events the group processed (one read for a fetched batch). */
  processedAmong(groupId: string, eventIds: readonly string[]): Promise<Set<string>>;
  /** Idempotent: recording the same event twice is fine. */
  markProcessed(groupId: string, record: ProcessedEventRecord): Promise<void>;
  markManyProcessed(groupId: string, records: readonly ProcessedEventRecord[]): Promise<void>;
  /** Forgets the records made before `date` (retention); resolves to how many. */
  deleteProcessedBefore(date: Date): Promise<number>;
}

interface ProcessedEventDocument extends ProcessedEventRecord {
  _id: string;
  groupId: string;
  processedAt: Date;
}

/**
 * `processed_events` in the service's own database, `_id` = `<groupId>:<eventId>`: a lookup by
 * primary key, and a record per group so two services sharing a database stay independent.
 */
export class MongoProcessedEventStore implements ProcessedEventStore {
  static readonly collectionName = 'processed_events';
  private indexed: Promise<void> | undefined;

  constructor(private readonly connection: Connection) {}

  /**
   * The driver's collection, not mongoose's buffering wrapper: before the first connection that
   * wrapper queues calls and answers `find()` with nothing, a TypeError kafkajs treats as fatal
   * (the consumer would stop for good). Not connected yet is an ordinary error, which the
   * consumer retries and then restarts after, like any database outage.
   */
  private get collection() {
    const db = this.connection.readyState === ConnectionStates.connected ? this.connection.db : undefined;
    if (!db) throw new Error(`MongoDB is not connected (${ConnectionStates[this.connection.readyState]}): processed events unavailable`);
    return db.collection<ProcessedEventDocument>(MongoProcessedEventStore.collectionName);
  }

  async isProcessed(groupId: string, eventId: string): Promise<boolean> {
    return (await this.collection.countDocuments({ _id: `${groupId}:${eventId}` }, { limit: 1 })) > 0;
  }

  async processedAmong(groupId: string, eventIds: readonly string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const found = await this.collection.find({ _id: { $in: eventIds.map((eventId) => `${groupId}:${eventId}`) } }, { projection: { eventId: 1 } }).toArray();
    return new Set(found.map((doc) => doc.eventId));
  }

  async markProcessed(groupId: string, record: ProcessedEventRecord): Promise<void> {
    await this.markManyProcessed(groupId, [record]);
  }

  async markManyProcessed(groupId: string, records: readonly ProcessedEventRecord[]): Promise<void> {
    if (records.length === 0) return;
    const processedAt = new Date();
    try {
      // Plain inserts (cheaper than upserts for the server); a record already there is what we want.
      await this.collection.insertMany(
        records.map((record) => ({ _id: `${groupId}:${record.eventId}`, ...record, groupId, processedAt })),
        { ordered: false },
      );
    } catch (error) {
      const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
      const errors = writeErrors === undefined || writeErrors === null ? [] : ([] as unknown[]).concat(writeErrors);
      if (errors.length === 0 || !errors.every(isDuplicateKey)) throw error;
    }
  }

  /**
   * Records are only needed while a duplicate can still arrive (topic retention, a replay from
   * the dead-letter topic). Expiry is this query, run by the consumer (KafkaEventServer's
   * `processedEventsRetentionMs`), not a TTL index (LOCAL-DB): the local MongoDB-wire server accepts TTL
   * indexes but never expires anything, and one mechanism everywhere is one to trust.
   */
  async deleteProcessedBefore(date: Date): Promise<number> {
    // The index the query uses, built before the first purge (idempotent): the records'
    // collection is not a mongoose model, so nothing else builds it.
    this.indexed ??= Promise.resolve()
      .then(() => this.collection.createIndex({ processedAt: 1 }))
      .then(
        () => undefined,
        (error: unknown) => {
          this.indexed = undefined;
          throw error;
        },
      );
    await this.indexed;
    return (await this.collection.deleteMany({ processedAt: { $lt: date } })).deletedCount;
  }
}

/** For unit tests and tools; forgets everything on restart. */
export class InMemoryProcessedEventStore implements ProcessedEventStore {
  private readonly done = new Map<string, Date>();

  async isProcessed(groupId: string, eventId: string): Promise<boolean> {
    return this.done.has(`${groupId}:${eventId}`);
  }

  async processedAmong(groupId: string, eventIds: readonly string[]): Promise<Set<string>> {
    return new Set(eventIds.filter((eventId) => this.done.has(`${groupId}:${eventId}`)));
  }

  async markProcessed(groupId: string, record: ProcessedEventRecord): Promise<void> {
    this.done.set(`${groupId}:${record.eventId}`, new Date());
  }

  async markManyProcessed(groupId: string, records: readonly ProcessedEventRecord[]): Promise<void> {
    for (const record of records) this.done.set(`${groupId}:${record.eventId}`, new Date());
  }

  async deleteProcessedBefore(date: Date): Promise<number> {
    const old = [...this.done].filter(([, at]) => at < date);
    for (const [key] of old) this.done.delete(key);
    return old.length;
  }
}
