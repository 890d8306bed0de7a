import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { sampledGauge } from '@portico/platform';
import type { Model } from 'mongoose';
import { BULK_CHUNK_MODEL, BULK_JOB_MODEL, BulkChunkDocument, BulkJobDocument } from './bulk-job.schema';

/** `portico_bulk_recipients_pending`: recipients of running bulk jobs whose invitation is not settled yet, read at scrape. */
@Injectable()
export class BulkMetrics implements OnModuleInit, OnModuleDestroy {
  private remove: (() => void) | undefined;

  constructor(
    @InjectModel(BULK_JOB_MODEL) private readonly jobs: Model<BulkJobDocument>,
    @InjectModel(BULK_CHUNK_MODEL) private readonly chunks: Model<BulkChunkDocument>,
  ) {}

  onModuleInit(): void {
    this.remove = sampledGauge('portico_bulk_recipients_pending', 'Recipients of running bulk jobs not yet issued, skipped or cancelled.', () =>
      this.pending(),
    );
  }

  onModuleDestroy(): void {
    this.remove?.();
  }

  /** Across firms on purpose: an operator's gauge, never shown to a firm. Running jobs by the status index, then their chunks by jobId. */
  async pending(): Promise<number> {
    const running = await this.jobs.find({ status: 'running' }, { _id: 1 }).lean<{ _id: string }[]>();
    if (running.length === 0) return 0;
    const [sum] = await this.chunks.aggregate<{ pending: number }>([
      { $match: { jobId: { $in: running.map((job) => job._id) }, state: { $ne: 'cancelled' } } },
      { $group: { _id: null, pending: { $sum: { $subtract: ['$size', { $size: '$settled' }] } } } },
    ]);
    return sum?.pending ?? 0;
  }
}
