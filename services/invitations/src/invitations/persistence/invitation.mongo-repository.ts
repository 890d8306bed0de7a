import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model, QueryFilter } from 'mongoose';
import { Invitation, InvitationChange, OPEN_STATUS_LIST } from '../domain/invitation';
import { InvitationRepository, LifecycleDue } from '../domain/invitation.repository';
import { INVITATION_MODEL, InvitationDocument } from './invitation.schema';
import { coalesce, distinct, insertEach, perGroup } from '@portico/mongo';

// What a document written before the lifecycle fields existed stands for (lean reads apply no schema defaults).
const writtenBeforeLifecycle = {
  reminderTokenHashes: [],
  linksIssued: 1,
  sendAt: null,
  reminderDays: [],
  remindersSent: 0,
  nextReminderAt: null,
  resentAt: [],
  selfServedAt: [],
  expiryAnnouncedAt: null,
  revision: 0,
};

const toDomain = ({
  _id,
  outbox: _outbox,
  outboxPending: _pending,
  outboxLeaseOwner: _owner,
  outboxLeaseUntil: _until,
  updatedAt: _updatedAt,
  ...rest
}: InvitationDocument): Invitation => Invitation.restore({ ...writtenBeforeLifecycle, id: _id, ...rest, jobId: rest.jobId ?? null });

const dueFilters: Record<LifecycleDue, (now: Date) => QueryFilter<InvitationDocument>> = {
  expiry: (now) => ({ status: { $in: OPEN_STATUS_LIST }, expiresAt: { $lte: now }, expiryAnnouncedAt: null }),
  reminder: (now) => ({ nextReminderAt: { $lte: now }, status: { $in: OPEN_STATUS_LIST }, expiresAt: { $gt: now } }),
  send: (now) => ({ status: 'scheduled', sendAt: { $lte: now } }),
};

/** The compare-and-set filter: the invitation as read. Documents written before revisions existed have none: revision 0. */
const unchanged = ({ id, props: { firmId, revision } }: Invitation): QueryFilter<InvitationDocument> => ({
  _id: id,
  firmId,
  revision: revision === 0 ? { $in: [0, null] } : revision,
});
const changed = (change: InvitationChange, events: EventEnvelope[]) => withEvents({ $set: change.set, $inc: { revision: 1 } }, events);

@Injectable()
export class InvitationMongoRepository extends InvitationRepository implements OnModuleInit {
  // Concurrent handlers' reads by id (per firm) and first inserts go to the database together.
  private readonly loadById = coalesce(
    perGroup(
      (key: { firmId: string; id: string }) => key.firmId,
      async (keys) => {
        const ids = distinct(keys.map((key) => key.id));
        const docs = await this.invitations
          .find({ _id: { $in: ids }, firmId: keys[0]!.firmId }, { outbox: 0 })
          .lean<InvitationDocument[]>()
          .exec();
        const byId = new Map(docs.map((doc) => [doc._id, doc]));
        return keys.map((key) => {
          const doc = byId.get(key.id);
          return doc ? toDomain(doc) : undefined;
        });
      },
    ),
  );

  private readonly insert = coalesce(async (items: readonly { invitation: Invitation; events: EventEnvelope[] }[]) => {
    const outcomes = await insertEach(
      this.invitations,
      items.map(({ invitation, events }) => {
        const { id, ...props } = invitation.props;
        return { _id: id, ...props, outbox: events };
      }),
    );
    if (outcomes.includes(true)) this.relay.nudge();
    return outcomes;
  });

  /**
   * One bulkWrite of compare-and-sets. Each matches at most one document, so when all matched all
   * were written; otherwise a change was written if one of its events is in its invitation's
   * outbox (published and removed meanwhile: reported false, see applyIdempotentChange).
   */
  private readonly applyTogether = coalesce(async (items: readonly { invitation: Invitation; change: InvitationChange; events: EventEnvelope[] }[]) => {
    // Mongoose's bulkWrite (casts, sets updatedAt, flags the outbox); its operation types are too strict for these filters.
    const ops = items.map(({ invitation, change, events }) => ({ updateOne: { filter: unchanged(invitation), update: changed(change, events) } }));
    const result = await this.invitations.bulkWrite(ops as never[], { ordered: false, throwOnValidationError: true });
    let written = items.map(() => true);
    if (result.matchedCount < items.length) {
      const docs = await this.invitations
        .find({ $or: items.map(({ invitation }) => ({ _id: invitation.id, firmId: invitation.props.firmId })) }, { 'outbox.id': 1 })
        .lean<Pick<InvitationDocument, '_id' | 'outbox'>[]>()
        .exec();
      const outboxes = new Map(docs.map((doc) => [doc._id, new Set((doc.outbox ?? []).map((event) => event.id))]));
      written = items.map(({ invitation, events }) => events.some((event) => outboxes.get(invitation.id)?.has(event.id)));
    }
    if (written.some((w, n) => w && items[n]!.events.length > 0)) this.relay.nudge();
    return written;
  });

  constructor(
    @InjectModel(INVITATION_MODEL) private readonly invitations: Model<InvitationDocument>,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.register(this.invitations);
  }

  insertOnce(invitation: Invitation, events: EventEnvelope[]): Promise<boolean> {
    return this.insert({ invitation, events });
  }

  findById(firmId: string, id: string): Promise<Invitation | undefined> {
    return this.loadById({ firmId, id });
  }

  async listByClient(firmId: string, clientId: string): Promise<Invitation[]> {
    // Ids are UUIDv7: sorting by id lists in the order the invitations were requested.
    const docs = await this.invitations.find({ firmId, clientId }, { outbox: 0 }).sort({ _id: 1 }).lean<InvitationDocument[]>().exec();
    return docs.map(toDomain);
  }

  async applyChange(invitation: Invitation, change: InvitationChange, events: EventEnvelope[]): Promise<boolean> {
    const result = await this.invitations.updateOne(unchanged(invitation), changed(change, events));
    if (result.matchedCount === 0) return false;
    if (events.length > 0) this.relay.nudge();
    return true;
  }

  override applyIdempotentChange(invitation: Invitation, change: InvitationChange, events: EventEnvelope[]): Promise<boolean> {
    return this.applyTogether({ invitation, change, events });
  }

  async findByTokenHash(tokenHash: string): Promise<Invitation | undefined> {
    const doc = await this.invitations
      .findOne({ $or: [{ tokenHash }, { reminderTokenHashes: tokenHash }] }, { outbox: 0 })
      .lean<InvitationDocument>()
      .exec();
    return doc ? toDomain(doc) : undefined;
  }

  async discardScheduled(invitation: Invitation): Promise<void> {
    await this.invitations.deleteOne({ _id: invitation.id, firmId: invitation.props.firmId, status: 'scheduled', revision: invitation.props.revision }).exec();
  }

  async findDue(kind: LifecycleDue, now: Date, limit: number): Promise<Invitation[]> {
    const docs = await this.invitations.find(dueFilters[kind](now), { outbox: 0 }).limit(limit).lean<InvitationDocument[]>().exec();
    return docs.map(toDomain);
  }
}
