import type { Connection } from 'mongoose';

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
  /** Idempotent: recording the same event twice is fine. */
  markProcessed(groupId: string, record: ProcessedEventRecord): Promise<void>;
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

  constructor(private readonly connection: Connection) {}

  private get collection() {
    return this.connection.collection<ProcessedEventDocument>(MongoProcessedEventStore.collectionName);
  }

  async isProcessed(groupId: string, eventId: string): Promise<boolean> {
    return (await this.collection.countDocuments({ _id: `${groupId}:${eventId}` }, { limit: 1 })) > 0;
  }

  async markProcessed(groupId: string, record: ProcessedEventRecord): Promise<void> {
    await this.collection.updateOne(
      { _id: `${groupId}:${record.eventId}` },
      { $setOnInsert: { ...record, groupId, processedAt: new Date() } },
      { upsert: true },
    );
  }

  /**
   * Records are only needed while a duplicate can still arrive (topic retention). TTL indexes
   * are not enforced by every MongoDB-compatible server, so expiry is a query a job can run.
   */
  async deleteProcessedBefore(date: Date): Promise<number> {
    return (await this.collection.deleteMany({ processedAt: { $lt: date } })).deletedCount;
  }
}

/** For unit tests and tools; forgets everything on restart. */
export class InMemoryProcessedEventStore implements ProcessedEventStore {
  private readonly done = new Set<string>();

  async isProcessed(groupId: string, eventId: string): Promise<boolean> {
    return this.done.has(`${groupId}:${eventId}`);
  }

  async markProcessed(groupId: string, record: ProcessedEventRecord): Promise<void> {
    this.done.add(`${groupId}:${record.eventId}`);
  }
}
