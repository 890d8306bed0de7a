import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectConfig } from '@portico/config';
import { BulkInviteRequested, createEvent, type EventOrigin } from '@portico/contracts';
import { OutboxRelay } from '@portico/outbox';
import { Model } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { ClientDirectory } from '@portico/client-directory';
import { FirmDirectory } from '../firms/firm-directory';
import type { InvitationsConfig } from '../invitations.env';
import { Invitation } from '../invitations/domain/invitation';
import { INVITATION_MODEL, InvitationDocument } from '../invitations/persistence/invitation.schema';
import { INVITATION_SLOT_MODEL, InvitationSlotDocument } from '../invitations/persistence/invitation-slot.schema';
import { isDuplicateKey } from '@portico/mongo';
import { BulkFanOutService } from './bulk-fan-out.service';
import { BULK_CHUNK_MODEL, BULK_JOB_MODEL, BulkChunkDocument, BulkJobDocument, chunkId } from './bulk-job.schema';
import { BulkCounts, BulkRecipientRow, countRows, recipientRows } from './bulk-progress';
import { BulkRecipient, BulkSelection, BulkSkips, PortalFacts, PortalStatus, PREVIEW_SAMPLE_SIZE, selectBulkRecipients } from './domain/bulk-selection';

/** Commands the chunks of a new job are written in, side by side. */
const CHUNK_WRITES_IN_PARALLEL = 4;

export interface BulkPreview {
  willInvite: number;
  skipped: BulkSkips;
  sample: BulkRecipient[];
}

export type PreviewOutcome = { kind: 'preview'; preview: BulkPreview } | { kind: 'tooMany'; selected: number };

export interface CreateBulkJobCommand {
  firmId: string;
  requestedBy: string;
  selection: BulkSelection;
  message: string | null;
  templateId: string | null;
  sendAt: Date | null;
  /** `idempotencyKeyOf(firmId, header)`, or undefined without the header. */
  idempotencyKey: string | undefined;
}

export type CreateOutcome =
  | { kind: 'created' | 'existing'; jobId: string; preview: BulkPreview }
  | { kind: 'tooMany'; selected: number }
  | { kind: 'nobody'; preview: BulkPreview }
  | { kind: 'firmNotKnownYet' };

export interface BulkJobView {
  jobId: string;
  /** `scheduled` until `sendAt` (nothing is requested before it). */
  status: 'scheduled' | 'running' | 'completed';
  cancelled: boolean;
  sendAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  counts: BulkCounts;
  skippedAtSelection: BulkSkips;
}

/** Bulk invitations as staff see them: preview, create (202 at once), progress, results, cancel. */
@Injectable()
export class BulkInvitationsService {
  private readonly logger = new Logger(BulkInvitationsService.name);
  /**
   * Counting a job's recipients reads every one of its invitations, and staff poll the progress
   * of a running job (so does BulkProgressPublisher). Within BULK_PROGRESS_CACHE_MS the reads of
   * one job on this replica share one count; a cancel made here drops it at once.
   */
  private readonly recentCounts = new Map<string, { at: number; counts: Promise<BulkCounts> }>();

  constructor(
    @InjectModel(BULK_JOB_MODEL) private readonly jobs: Model<BulkJobDocument>,
    @InjectModel(BULK_CHUNK_MODEL) private readonly chunks: Model<BulkChunkDocument>,
    private readonly directory: ClientDirectory,
    @InjectModel(INVITATION_MODEL) private readonly invitations: Model<InvitationDocument>,
    @InjectModel(INVITATION_SLOT_MODEL) private readonly slots: Model<InvitationSlotDocument>,
    private readonly firms: FirmDirectory,
    private readonly fanOut: BulkFanOutService,
    private readonly relay: OutboxRelay,
    @InjectConfig() private readonly config: Pick<InvitationsConfig, 'BULK_CHUNK_SIZE' | 'BULK_PROGRESS_CACHE_MS'>,
  ) {}

  async preview(firmId: string, selection: BulkSelection, now = new Date()): Promise<PreviewOutcome> {
    const selected = await this.select(firmId, selection, now);
    if (selected.kind === 'tooMany') return selected;
    return { kind: 'preview', preview: toPreview(selected.recipients, selected.skipped) };
  }

  /**
   * Writes the chunks first and the job last: inserting the job (its id and idempotency key
   * unique, BulkInviteRequested in its outbox) is the one write that makes the job exist. A
   * crash before it leaves chunks no event ever releases; a lost race on the key drops ours.
   */
  async create(command: CreateBulkJobCommand, origin: EventOrigin, now = new Date()): Promise<CreateOutcome> {
    const { firmId } = command;
    const started = performance.now();
    // Side by side: a retried request (its key known) wastes the selection, a new one saves two round trips.
    const [existing, selected, firm] = await Promise.all([
      command.idempotencyKey ? this.jobs.findOne({ idempotencyKey: command.idempotencyKey }, { outbox: 0 }).lean<BulkJobDocument>().exec() : null,
      this.select(firmId, command.selection, now),
      this.firms.find(firmId),
    ]);
    if (existing) return { kind: 'existing', jobId: existing._id, preview: await this.previewOf(existing) };
    if (selected.kind === 'tooMany') return selected;
    const preview = toPreview(selected.recipients, selected.skipped);
    if (selected.recipients.length === 0) return { kind: 'nobody', preview };
    const selectedAt = performance.now();
    if (firm.name === null) return { kind: 'firmNotKnownYet' };

    const jobId = uuidv7();
    const size = this.config.BULK_CHUNK_SIZE;
    const chunkDocs: Omit<BulkChunkDocument, 'outbox'>[] = [];
    for (let n = 0; n * size < selected.recipients.length; n++) {
      const recipients = selected.recipients.slice(n * size, (n + 1) * size).map((recipient) => ({ invitationId: uuidv7(), ...recipient }));
      chunkDocs.push({
        _id: chunkId(jobId, n),
        jobId,
        firmId,
        n,
        size: recipients.length,
        state: 'waiting',
        recipients,
        settled: [],
        skips: [],
        releasedAt: null,
      });
    }
    // Written as built (lean): hydrating 10,000 recipients as mongoose subdocuments cost more than
    // the write. In a few commands side by side, so encoding one overlaps the server storing another.
    const prepared = chunkDocs.map((doc) => this.chunks.applyDefaults({ ...doc }));
    const perCommand = Math.ceil(prepared.length / CHUNK_WRITES_IN_PARALLEL);
    const writes = await Promise.allSettled(
      Array.from({ length: Math.ceil(prepared.length / perCommand) }, (_, i) =>
        this.chunks.insertMany(prepared.slice(i * perCommand, (i + 1) * perCommand), { ordered: true, lean: true }),
      ),
    );
    const failed = writes.find((write): write is PromiseRejectedResult => write.status === 'rejected');
    if (failed) {
      // No job refers to them: the request fails whole (the client retries, with its key).
      await this.chunks.deleteMany({ jobId }).exec();
      throw failed.reason;
    }
    const requested = createEvent(
      BulkInviteRequested,
      { jobId, requestedBy: command.requestedBy, recipientCount: selected.recipients.length, message: command.message, templateId: command.templateId },
      origin,
    );
    try {
      await this.jobs.create({
        _id: jobId,
        firmId,
        idempotencyKey: command.idempotencyKey ?? `job:${jobId}`,
        requestedBy: command.requestedBy,
        message: command.message,
        templateId: command.templateId,
        recipientCount: selected.recipients.length,
        chunkCount: chunkDocs.length,
        skippedAtSelection: selected.skipped,
        status: 'running',
        cancelledAt: null,
        cancelledBy: null,
        settledChunks: [],
        createdAt: now,
        completedAt: null,
        nextReleaseAt: null,
        correlationId: origin.correlationId,
        requestedEventId: requested.id,
        sendAt: command.sendAt,
        progressCounts: null,
        progressAt: null,
        progressSettled: false,
        outbox: [requested],
      });
    } catch (error) {
      await this.chunks.deleteMany({ jobId }).exec();
      if (!isDuplicateKey(error) || !command.idempotencyKey) throw error;
      // The same key won a concurrent request: that job is the answer.
      const existing = await this.jobs.findOne({ idempotencyKey: command.idempotencyKey }, { outbox: 0 }).lean<BulkJobDocument>().exec();
      if (!existing) throw error;
      return { kind: 'existing', jobId: existing._id, preview: await this.previewOf(existing) };
    }
    this.relay.nudge();
    const ms = (from: number, to: number) => `${(to - from).toFixed(0)} ms`;
    this.logger.log(
      `Bulk job ${jobId}: ${selected.recipients.length} recipients in ${chunkDocs.length} chunks; selection ${ms(started, selectedAt)}, writing ${ms(selectedAt, performance.now())}`,
    );
    return { kind: 'created', jobId, preview };
  }

  async view(firmId: string, jobId: string, now = new Date()): Promise<BulkJobView | undefined> {
    const job = await this.findJob(firmId, jobId);
    if (!job) return undefined;
    const scheduled = job.status === 'running' && !job.cancelledAt && job.sendAt !== null && job.sendAt.getTime() > now.getTime();
    return {
      jobId,
      status: scheduled ? 'scheduled' : job.status,
      cancelled: job.cancelledAt !== null,
      sendAt: job.sendAt ?? null,
      createdAt: job.createdAt,
      completedAt: job.completedAt,
      counts: await this.countsOf(job, now),
      skippedAtSelection: job.skippedAtSelection,
    };
  }

  private countsOf(job: BulkJobDocument, now: Date): Promise<BulkCounts> {
    const ttl = this.config.BULK_PROGRESS_CACHE_MS;
    const at = now.getTime();
    const recent = this.recentCounts.get(job._id);
    if (recent && at >= recent.at && at - recent.at < ttl) return recent.counts;
    for (const [id, entry] of this.recentCounts) if (at - entry.at >= ttl) this.recentCounts.delete(id);
    // Polled while a job runs: counts need each recipient's id and status, not names and addresses.
    const counts = this.rowsOf(job, now, { 'recipients.invitationId': 1 }).then(countRows);
    if (ttl > 0) {
      this.recentCounts.set(job._id, { at, counts });
      counts.catch(() => this.recentCounts.delete(job._id));
    }
    return counts;
  }

  async results(firmId: string, jobId: string, now = new Date()): Promise<BulkRecipientRow[] | undefined> {
    const job = await this.findJob(firmId, jobId);
    return job ? this.rowsOf(job, now, { recipients: 1 }) : undefined;
  }

  /**
   * Stops what is not requested yet: chunks still waiting are cancelled (never released), and
   * requests already released but not issued are skipped by the consumer (the job reads
   * cancelled). Invitations already issued have their email on its way and are not recalled.
   */
  async cancel(firmId: string, jobId: string, staffUserId: string, now = new Date()): Promise<'cancelled' | 'completed' | 'notFound'> {
    const job = await this.findJob(firmId, jobId);
    if (!job) return 'notFound';
    if (!job.cancelledAt) {
      if (job.status === 'completed') return 'completed';
      await this.jobs
        .updateOne({ _id: jobId, firmId, cancelledAt: null }, { $set: { cancelledAt: now, cancelledBy: staffUserId, nextReleaseAt: null } })
        .exec();
    }
    await this.chunks.updateMany({ jobId, firmId, state: 'waiting' }, { $set: { state: 'cancelled' } }).exec();
    const cancelledChunks = await this.chunks.find({ jobId, firmId, state: 'cancelled' }, { n: 1 }).lean<Pick<BulkChunkDocument, 'n'>[]>().exec();
    // Cancelled chunks have nothing more to wait for; with them the job may be complete.
    await this.fanOut.chunkSettled(
      firmId,
      jobId,
      cancelledChunks.map((chunk) => chunk.n),
    );
    // Counted after the cancel, by the next read.
    this.recentCounts.delete(jobId);
    return 'cancelled';
  }

  private findJob(firmId: string, jobId: string): Promise<BulkJobDocument | null> {
    return this.jobs.findOne({ _id: jobId, firmId }, { outbox: 0 }).lean<BulkJobDocument>().exec();
  }

  /** Every recipient's row; `recipientFields` projects what of each recipient is read. */
  private async rowsOf(job: BulkJobDocument, now: Date, recipientFields: Record<string, 1>): Promise<BulkRecipientRow[]> {
    const { _id: jobId, firmId } = job;
    const chunks = await this.chunks
      .find({ jobId, firmId }, { state: 1, skips: 1, ...recipientFields })
      .sort({ n: 1 })
      .lean<BulkChunkDocument[]>()
      .exec();
    const docs = await this.invitations
      .find({ firmId, jobId }, { status: 1, expiresAt: 1, deliveryFailureReason: 1 })
      .lean<Pick<InvitationDocument, '_id' | 'status' | 'expiresAt' | 'deliveryFailureReason'>[]>()
      .exec();
    const invitations = docs.map((doc) => ({ id: doc._id, status: Invitation.statusOf(doc, now), deliveryFailureReason: doc.deliveryFailureReason }));
    return recipientRows(job, chunks, invitations);
  }

  private async previewOf(job: BulkJobDocument): Promise<BulkPreview> {
    const first = await this.chunks
      .findOne({ jobId: job._id, n: 0 }, { recipients: { $slice: PREVIEW_SAMPLE_SIZE } })
      .lean<BulkChunkDocument>()
      .exec();
    const sample = (first?.recipients ?? []).slice(0, PREVIEW_SAMPLE_SIZE).map(({ clientId, displayName, email }) => ({ clientId, displayName, email }));
    return { willInvite: job.recipientCount, skipped: job.skippedAtSelection, sample };
  }

  /** The firm's clients and what its invitations say about each, read once. */
  private async select(firmId: string, selection: BulkSelection, now: Date) {
    const [clients, invitations, slots] = await Promise.all([
      this.directory.listFirm(firmId),
      this.invitations
        .find({ firmId }, { clientId: 1, recipientKind: 1, status: 1, expiresAt: 1 })
        .lean<Pick<InvitationDocument, '_id' | 'clientId' | 'recipientKind' | 'status' | 'expiresAt'>[]>()
        .exec(),
      this.slots.find({ firmId }, { email: 1, invitationId: 1 }).lean<Pick<InvitationSlotDocument, 'email' | 'invitationId'>[]>().exec(),
    ]);
    const isOpen = (doc: Pick<InvitationDocument, 'status' | 'expiresAt'>) =>
      ['pending', 'sent', 'delivery_failed'].includes(doc.status) && doc.expiresAt.getTime() > now.getTime();
    const byId = new Map(invitations.map((doc) => [doc._id, doc]));
    const status = new Map<string, PortalStatus>();
    for (const doc of invitations) {
      if (doc.recipientKind !== 'client') continue;
      if (doc.status === 'accepted') status.set(doc.clientId, 'has_portal');
      else if (isOpen(doc) && status.get(doc.clientId) !== 'has_portal') status.set(doc.clientId, 'invited');
    }
    const held = new Set<string>();
    for (const slot of slots) {
      const holder = byId.get(slot.invitationId);
      // Not issued yet: requested, so pending; a scheduled one holds its slot too.
      if (!holder || isOpen(holder) || holder.status === 'scheduled') held.add(slot.email);
    }
    const facts: PortalFacts = { portalStatus: (clientId) => status.get(clientId) ?? 'none', emailHeld: (email) => held.has(email) };
    return selectBulkRecipients(clients, facts, selection);
  }
}

function toPreview(recipients: BulkRecipient[], skipped: BulkSkips): BulkPreview {
  return { willInvite: recipients.length, skipped, sample: recipients.slice(0, PREVIEW_SAMPLE_SIZE) };
}
