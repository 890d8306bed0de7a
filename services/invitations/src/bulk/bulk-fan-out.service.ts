import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectConfig } from '@portico/config';
import { BulkInviteCompleted, BulkInviteRequested, createEvent, InvitationRequested, type EnvelopeOf, type EventOrigin } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model } from 'mongoose';
import type { InvitationsConfig } from '../invitations.env';
import { InvitationRepository } from '../invitations/domain/invitation.repository';
import { decideSlot, InvitationSlotRepository } from '../invitations/domain/invitation-slot';
import { INVITATION_MODEL, InvitationDocument } from '../invitations/persistence/invitation.schema';
import { BULK_CHUNK_MODEL, BULK_JOB_MODEL, BulkChunkDocument, BulkJobDocument, BulkSettleReason, chunkId } from './bulk-job.schema';
import { countRows, recipientRows } from './bulk-progress';
import { coalesce, distinct, perGroup, writeEach } from '@portico/mongo';

type Requested = EnvelopeOf<typeof InvitationRequested>;
interface RecipientKey {
  firmId: string;
  jobId: string;
  invitationId: string;
  /** The chunk holding the recipient, when the request named it (requests of older releases do not). */
  chunk?: number;
}
const distinctBy = <T>(values: readonly T[], keyOf: (value: T) => string): T[] => [...new Map(values.map((value) => [keyOf(value), value])).values()];

const byJob = (key: { firmId: string; jobId: string }) => JSON.stringify([key.firmId, key.jobId]);

/**
 * The asynchronous half of a bulk job: releases its chunks (one InvitationRequested per
 * recipient, through the chunk's outbox), lets the InvitationRequested consumer know whether a
 * bulk recipient may be issued, records each recipient's outcome once, and completes the job.
 */
@Injectable()
export class BulkFanOutService implements OnModuleInit {
  private readonly logger = new Logger(BulkFanOutService.name);

  // The consumer issues many recipients side by side: their job, chunk and settle commands are
  // coalesced into one per job (see coalesce in libs/platform).
  private readonly loadJob = coalesce(
    perGroup(
      (key: { firmId: string; jobId: string }) => key.firmId,
      async (keys) => {
        const jobs = await this.jobs
          .find({ _id: { $in: distinct(keys.map((key) => key.jobId)) }, firmId: keys[0]!.firmId }, { cancelledAt: 1 })
          .lean<Pick<BulkJobDocument, '_id' | 'cancelledAt'>[]>()
          .exec();
        return keys.map((key) => jobs.find((job) => job._id === key.jobId));
      },
    ),
  );

  /** Whether the job has this recipient, and whether it is settled; never the chunk arrays themselves. */
  private readonly loadRecipient = coalesce(
    perGroup(byJob, async (keys: RecipientKey[]) => {
      const ids = distinct(keys.map((key) => key.invitationId));
      const chunks = await this.recipientsIn(keys, ids);
      const known = new Set(chunks.flatMap((chunk) => chunk.ids));
      const settled = new Set(chunks.flatMap((chunk) => chunk.settled));
      return keys.map((key) => (known.has(key.invitationId) ? { settled: settled.has(key.invitationId) } : undefined));
    }),
  );

  private readonly settleOne = coalesce(
    perGroup(byJob, async (keys: (RecipientKey & { skip: BulkSettleReason | null })[]) => {
      const { firmId, jobId } = keys[0]!;
      const ids = distinct(keys.map((key) => key.invitationId));
      // Which chunk holds each recipient, and which are settled already: one scan of the job's chunks.
      const found = await this.recipientsIn(keys, ids);
      // Then one update per chunk, found by its _id. $addToSet counts a recipient once, also when
      // it comes twice (a redelivery); a skip reason is only recorded for one not settled yet.
      const updates = found.map((chunk) => {
        const settled = new Set(chunk.settled);
        const skips = keys.filter((key) => key.skip !== null && chunk.ids.includes(key.invitationId) && !settled.has(key.invitationId));
        const addToSet: Record<string, unknown> = { settled: { $each: chunk.ids } };
        if (skips.length > 0)
          addToSet['skips'] = { $each: distinctBy(skips, (key) => key.invitationId).map((key) => ({ invitationId: key.invitationId, reason: key.skip })) };
        return {
          chunkId: chunkId(jobId, chunk.n),
          ids: chunk.ids,
          op: { updateOne: { filter: { _id: chunkId(jobId, chunk.n), firmId }, update: { $addToSet: addToSet } } },
        };
      });
      const outcomes = await writeEach(
        this.chunks.collection,
        updates.map((update) => update.op),
      );
      const failed = new Map<string, Error>();
      updates.forEach((update, i) => {
        const outcome = outcomes[i];
        if (outcome instanceof Error) for (const id of update.ids) failed.set(id, outcome);
      });
      // The settled counts of the chunks written, counted by the server.
      const counts = await this.chunks
        .find({ _id: { $in: updates.map((update) => update.chunkId) } }, { n: 1, size: 1, settled: 1 })
        .lean<Pick<BulkChunkDocument, 'n' | 'size' | 'settled'>[]>()
        .exec();
      const complete = counts.filter((chunk) => chunk.settled.length >= chunk.size).map((chunk) => chunk.n);
      if (complete.length > 0) await this.chunkSettled(firmId, jobId, complete);
      // A recipient in no chunk of the job has nothing to settle (admit already ignored it).
      return keys.map((key) => failed.get(key.invitationId));
    }),
  );

  constructor(
    @InjectModel(BULK_JOB_MODEL) private readonly jobs: Model<BulkJobDocument>,
    @InjectModel(BULK_CHUNK_MODEL) private readonly chunks: Model<BulkChunkDocument>,
    @InjectModel(INVITATION_MODEL) private readonly invitationDocs: Model<InvitationDocument>,
    private readonly slots: InvitationSlotRepository,
    private readonly invitations: InvitationRepository,
    private readonly relay: OutboxRelay,
    @InjectConfig() private readonly config: Pick<InvitationsConfig, 'BULK_RELEASE_INTERVAL_MS'>,
  ) {}

  onModuleInit(): void {
    this.relay.register(this.jobs);
    this.relay.register(this.chunks);
  }

  /**
   * Starts releasing the job's chunks, each with its recipients' InvitationRequested events in
   * the same write (waiting -> released is a compare-and-set: a redelivered BulkInviteRequested
   * releases nothing twice). Without a release interval all at once; with one, the first now
   * and the others from the scheduler (`releaseDue`), never by sleeping in this handler, which
   * would hold up every partition the consumer serves. The requests are keyed by invitation
   * id, so issuing them spreads over the topic's partitions and the service's replicas.
   */
  async release(event: EnvelopeOf<typeof BulkInviteRequested>): Promise<void> {
    const { jobId } = event.payload;
    const job = await this.jobs.findOne({ _id: jobId, firmId: event.firmId }, { outbox: 0 }).lean<BulkJobDocument>().exec();
    if (!job) return void this.logger.warn(`BulkInviteRequested ${event.id} names job ${jobId}, unknown in firm ${event.firmId}: ignored`);
    if (job.sendAt && job.sendAt.getTime() > Date.now()) {
      // Scheduled: the release scheduler releases it at sendAt (a redelivery just sets the same time).
      await this.jobs.updateOne({ _id: jobId, cancelledAt: null }, { $set: { nextReleaseAt: job.sendAt } }).exec();
      return;
    }
    const interval = this.config.BULK_RELEASE_INTERVAL_MS;
    for (let n = 0; n < job.chunkCount; n++) {
      const released = await this.releaseChunk(job, n);
      if (released === 'cancelled') return;
      if (released === 'released' && interval > 0) {
        if (n < job.chunkCount - 1)
          await this.jobs.updateOne({ _id: jobId, cancelledAt: null }, { $set: { nextReleaseAt: new Date(Date.now() + interval) } }).exec();
        return;
      }
    }
  }

  /** Releases the next waiting chunk (all of them without an interval) of each job that is due (the scheduler calls it). */
  async releaseDue(now = new Date()): Promise<void> {
    const due = await this.jobs
      .find({ nextReleaseAt: { $lte: now } }, { outbox: 0 })
      .limit(20)
      .lean<BulkJobDocument[]>()
      .exec();
    for (const job of due) {
      // Claim this round (another replica may see the same job due): only one moves nextReleaseAt.
      const next = new Date(now.getTime() + this.config.BULK_RELEASE_INTERVAL_MS);
      const claimed = await this.jobs.updateOne({ _id: job._id, nextReleaseAt: job.nextReleaseAt }, { $set: { nextReleaseAt: next } }).exec();
      if (claimed.modifiedCount === 0) continue;
      // Without a release interval (a scheduled job's send time came) every chunk goes at once.
      const all = this.config.BULK_RELEASE_INTERVAL_MS === 0;
      let released: Awaited<ReturnType<BulkFanOutService['releaseChunk']>> = 'none';
      for (let n = 0; n < job.chunkCount && released !== 'cancelled' && (all || released === 'none'); n++) {
        const outcome = await this.releaseChunk(job, n);
        if (outcome !== 'none') released = outcome;
      }
      const waiting = released === 'released' ? await this.chunks.countDocuments({ jobId: job._id, state: 'waiting' }).exec() : 0;
      if (waiting === 0) await this.jobs.updateOne({ _id: job._id, nextReleaseAt: next }, { $set: { nextReleaseAt: null } }).exec();
    }
  }

  private async releaseChunk(job: BulkJobDocument, n: number): Promise<'released' | 'none' | 'cancelled'> {
    const current = await this.jobs.findOne({ _id: job._id }, { cancelledAt: 1 }).lean<Pick<BulkJobDocument, 'cancelledAt'>>().exec();
    if (current?.cancelledAt) return 'cancelled';
    const chunk = await this.chunks
      .findOne({ _id: chunkId(job._id, n) }, { outbox: 0 })
      .lean<BulkChunkDocument>()
      .exec();
    if (!chunk || chunk.state !== 'waiting') return 'none';
    const { _id: jobId, requestedBy, message, templateId, firmId } = job;
    const origin = { firmId, correlationId: job.correlationId, causationId: job.requestedEventId };
    const events = chunk.recipients.map(({ invitationId, clientId, email }) =>
      createEvent(
        InvitationRequested,
        {
          invitationId,
          clientId,
          email,
          recipientKind: 'client',
          ...(message === null ? {} : { message }),
          ...(templateId === null ? {} : { templateId }),
          requestedBy,
          jobId,
          chunk: n,
        },
        origin,
      ),
    );
    const result = await this.chunks.updateOne(
      { _id: chunk._id, state: 'waiting' },
      withEvents({ $set: { state: 'released', releasedAt: new Date() } }, events),
    );
    if (result.modifiedCount === 0) return 'none';
    this.relay.nudge();
    return 'released';
  }

  /**
   * Whether the InvitationRequested of a bulk recipient may be issued now. A bulk request
   * claims its (firm, email) slot here, when it is consumed, not when the job was created: an
   * address invited meanwhile is skipped, never invited twice. A redelivery finds the slot
   * already held by its own invitation id and goes on.
   */
  async admit(request: Requested, now = new Date()): Promise<'issue' | 'ignore'> {
    const { jobId, invitationId, email, clientId, chunk } = request.payload;
    const firmId = request.firmId;
    const [job, recipient] = await Promise.all([this.loadJob({ firmId, jobId: jobId! }), this.loadRecipient({ firmId, jobId: jobId!, invitationId, chunk })]);
    if (!job || !recipient) {
      this.logger.warn(`InvitationRequested ${request.id} names bulk job ${jobId}, which has no such recipient here: ignored`);
      return 'ignore';
    }
    if (recipient.settled) return 'ignore';
    for (let round = 0; round < 3; round++) {
      const slot = await this.slots.find(firmId, email);
      if (slot?.invitationId === invitationId) return 'issue';
      if (job.cancelledAt) {
        await this.settle(firmId, jobId!, invitationId, 'cancelled', chunk);
        return 'ignore';
      }
      const holder = slot ? await this.invitations.findById(firmId, slot.invitationId) : undefined;
      if (decideSlot(slot, holder, now) === 'held') {
        await this.settle(firmId, jobId!, invitationId, 'alreadyInvitedPending', chunk);
        return 'ignore';
      }
      const claim = { firmId, email, invitationId, clientId, recipientKind: 'client' as const, contactId: null, requestedAt: new Date(request.occurredAt) };
      if (await this.slots.claim(claim, slot?.invitationId, [])) return 'issue';
    }
    throw new Error(`The invitation slot of bulk recipient ${invitationId} kept changing`);
  }

  /**
   * For the chunks holding these recipients of one job: their number, which of `ids` they hold
   * and which of those are settled. By _id when every request named its chunk (chunks hold 100
   * recipients, so reading their ids is cheap); else the server scans the job's chunks.
   */
  private async recipientsIn(keys: readonly RecipientKey[], ids: string[]): Promise<{ n: number; ids: string[]; settled: string[] }[]> {
    const { firmId, jobId } = keys[0]!;
    if (keys.every((key) => key.chunk !== undefined)) {
      const wanted = new Set(ids);
      const chunks = await this.chunks
        .find({ _id: { $in: distinct(keys.map((key) => chunkId(jobId, key.chunk!))) }, firmId }, { n: 1, 'recipients.invitationId': 1, settled: 1 })
        .lean<Pick<BulkChunkDocument, 'n' | 'recipients' | 'settled'>[]>()
        .exec();
      return chunks.map((chunk) => ({
        n: chunk.n,
        ids: chunk.recipients.map((recipient) => recipient.invitationId).filter((id) => wanted.has(id)),
        settled: chunk.settled.filter((id) => wanted.has(id)),
      }));
    }
    return this.chunks
      .aggregate<{ n: number; ids: string[]; settled: string[] }>([
        { $match: { jobId, firmId, 'recipients.invitationId': { $in: ids } } },
        { $project: { _id: 0, n: 1, ids: { $setIntersection: ['$recipients.invitationId', ids] }, settled: { $setIntersection: ['$settled', ids] } } },
      ])
      .exec();
  }

  /**
   * Records the outcome of one recipient once (the `settled` guard makes a redelivery a no-op),
   * then completes its chunk and, with the last chunk, the job. Every step is idempotent and
   * re-run on redelivery, so a crash between them only delays completion. Concurrent calls of a
   * job share one bulkWrite and one count of their chunks' settled recipients.
   */
  async settle(firmId: string, jobId: string, invitationId: string, skip: BulkSettleReason | null, chunk?: number): Promise<void> {
    await this.settleOne({ firmId, jobId, invitationId, skip, chunk });
  }

  /** Chunks whose every recipient is accounted for; the job completes with the last one. */
  async chunkSettled(firmId: string, jobId: string, chunkNumbers: number[], origin?: EventOrigin): Promise<void> {
    const job = await this.jobs
      .findOneAndUpdate({ _id: jobId, firmId }, { $addToSet: { settledChunks: { $each: chunkNumbers } } }, { new: true, projection: { outbox: 0 } })
      .lean<BulkJobDocument>()
      .exec();
    if (!job || job.status !== 'running' || job.settledChunks.length < job.chunkCount) return;
    const chunks = await this.chunks.find({ jobId, firmId }, { state: 1, recipients: 1, skips: 1 }).sort({ n: 1 }).lean<BulkChunkDocument[]>().exec();
    const invitations = await this.invitationDocs.find({ firmId, jobId }, { status: 1, deliveryFailureReason: 1 }).lean<InvitationDocument[]>().exec();
    const counts = countRows(
      recipientRows(
        job,
        chunks,
        invitations.map((doc) => ({ id: doc._id, status: doc.status, deliveryFailureReason: doc.deliveryFailureReason })),
      ),
    );
    const issued = invitations.length;
    const completed = createEvent(
      BulkInviteCompleted,
      {
        jobId,
        counts: { total: counts.total, issued, skipped: counts.skipped, cancelled: counts.total - issued - counts.skipped },
        cancelled: job.cancelledAt !== null,
      },
      origin ?? { firmId, correlationId: jobId },
    );
    const result = await this.jobs.updateOne(
      { _id: jobId, status: 'running' },
      withEvents({ $set: { status: 'completed', completedAt: new Date() } }, [completed]),
    );
    if (result.modifiedCount > 0) this.relay.nudge();
  }
}
