import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectConfig } from '@portico/config';
import { BulkInviteProgressed, createEvent } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model } from 'mongoose';
import type { InvitationsConfig } from '../invitations.env';
import { BulkInvitationsService } from './bulk-invitations.service';
import { BULK_JOB_MODEL, BulkJobDocument } from './bulk-job.schema';
import { progressCounts } from './bulk-progress';

const BATCH = 20;

/**
 * BulkInviteProgressed: at most one per job per BULK_PROGRESS_INTERVAL_MS while its counts move,
 * and a last one once it is settled (completed, and no email waiting for its outcome). The
 * counts are read from the documents like GET /bulk/{jobId}; each event is written to the job's
 * outbox by a compare-and-set on the previous one's time, so replicas never publish one twice.
 */
@Injectable()
export class BulkProgressPublisher {
  constructor(
    @InjectModel(BULK_JOB_MODEL) private readonly jobs: Model<BulkJobDocument>,
    private readonly bulk: BulkInvitationsService,
    private readonly relay: OutboxRelay,
    @InjectConfig() private readonly config: Pick<InvitationsConfig, 'BULK_PROGRESS_INTERVAL_MS'>,
  ) {}

  /** Returns how many progress events were written. */
  async publishDue(now = new Date()): Promise<number> {
    const quietSince = new Date(now.getTime() - this.config.BULK_PROGRESS_INTERVAL_MS);
    const due = await this.jobs
      .find({ progressSettled: false, $or: [{ progressAt: null }, { progressAt: { $lte: quietSince } }] }, { firmId: 1, progressAt: 1, progressCounts: 1 })
      .limit(BATCH)
      .lean<Pick<BulkJobDocument, '_id' | 'firmId' | 'progressAt' | 'progressCounts'>[]>()
      .exec();
    let published = 0;
    for (const job of due) {
      const view = await this.bulk.view(job.firmId, job._id, now);
      if (!view) continue;
      const counts = progressCounts(view.counts);
      const settled = view.status === 'completed' && counts.queued === 0;
      const serialized = JSON.stringify(counts);
      if (serialized === job.progressCounts && !settled) continue;
      const event = createEvent(BulkInviteProgressed, { jobId: job._id, counts }, { firmId: job.firmId, correlationId: job._id });
      const claimed = await this.jobs.updateOne(
        { _id: job._id, progressAt: job.progressAt ?? null },
        withEvents({ $set: { progressAt: now, progressCounts: serialized, progressSettled: settled } }, [event]),
      );
      if (claimed.modifiedCount > 0) published++;
    }
    if (published > 0) this.relay.nudge();
    return published;
  }
}
