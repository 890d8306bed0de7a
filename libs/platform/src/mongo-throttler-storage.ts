import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { detached } from '@portico/messaging';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '@portico/mongo';

interface RateLimitDocument {
  /** The throttler's key (a hash of the route, the throttler and the tracker: never the raw IP or email). */
  _id: string;
  hits: number;
  /** End of the current fixed window (epoch ms). */
  windowEndsAt: number;
  /** Refused until then (epoch ms); 0 when not blocked. */
  blockedUntil: number;
}

type Record = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const PURGE_INTERVAL_MS = 10 * 60_000;

/**
 * @nestjs/throttler's counters in the service's MongoDB instead of each replica's memory, so
 * a limit holds across replicas (two identity replicas allow `limit` attempts, not twice that).
 * The throttler keeps its semantics (fixed window of `ttl`, then blocked for `blockDuration`
 * once over `limit`); every step is one single-document atomic write, so concurrent requests
 * on several replicas count exactly. Documents of windows long over are purged every 10 min
 * (an unref'd timer: it never keeps the process alive).
 */
export class MongoThrottlerStorage implements ThrottlerStorage {
  static readonly collectionName = 'rate_limits';
  private readonly logger = new Logger(MongoThrottlerStorage.name);
  private purgeTimer: NodeJS.Timeout | undefined;
  private indexed: Promise<unknown> | undefined;

  constructor(private readonly connection: Connection) {}

  private get collection() {
    return this.connection.collection<RateLimitDocument>(MongoThrottlerStorage.collectionName);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, _throttlerName: string): Promise<Record> {
    this.startPurging();
    // A few rounds at most: each lost race means another request just changed the document.
    for (let round = 0; round < 5; round++) {
      const now = Date.now();
      const counted = await this.collection.findOneAndUpdate(
        { _id: key, windowEndsAt: { $gt: now }, blockedUntil: { $lte: now } },
        { $inc: { hits: 1 } },
        { returnDocument: 'after' },
      );
      if (counted) {
        if (counted.hits <= limit) return record(counted, now);
        const blockedUntil = now + (blockDuration > 0 ? blockDuration : ttl);
        await this.collection.updateOne({ _id: key, blockedUntil: { $lte: now } }, { $set: { blockedUntil } });
        return record({ ...counted, blockedUntil }, now);
      }
      const current = await this.collection.findOne({ _id: key });
      if (current && current.blockedUntil > now) return record(current, now);
      const fresh: RateLimitDocument = { _id: key, hits: 1, windowEndsAt: now + ttl, blockedUntil: 0 };
      if (!current) {
        try {
          await this.collection.insertOne(fresh);
          return record(fresh, now);
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          continue;
        }
      }
      // The window (or the block) is over: a new window starts with this request, unless another request started it first.
      const reset = await this.collection.updateOne({ _id: key, windowEndsAt: current.windowEndsAt, blockedUntil: current.blockedUntil }, { $set: fresh });
      if (reset.modifiedCount === 1) return record(fresh, now);
    }
    throw new Error(`rate limit ${key}: too much contention`);
  }

  private startPurging(): void {
    this.indexed ??= this.collection.createIndex({ windowEndsAt: 1 }).catch((error: unknown) => {
      this.indexed = undefined;
      this.logger.warn(`rate_limits index: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (this.purgeTimer) return;
    this.purgeTimer = setInterval(
      detached(() => {
        const now = Date.now();
        this.collection.deleteMany({ windowEndsAt: { $lt: now - PURGE_INTERVAL_MS }, blockedUntil: { $lt: now } }).catch((error: unknown) => {
          this.logger.warn(`Purging rate_limits failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      }),
      PURGE_INTERVAL_MS,
    );
    this.purgeTimer.unref();
  }
}

function record(doc: RateLimitDocument, now: number): Record {
  const isBlocked = doc.blockedUntil > now;
  return {
    totalHits: doc.hits,
    timeToExpire: Math.max(0, Math.ceil((doc.windowEndsAt - now) / 1000)),
    isBlocked,
    timeToBlockExpire: isBlocked ? Math.ceil((doc.blockedUntil - now) / 1000) : 0,
  };
}
