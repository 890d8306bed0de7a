import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model, QueryFilter } from 'mongoose';
import { Invitation, InvitationChange, OPEN_STATUS_LIST } from '../domain/invitation';
import { InvitationRepository, LifecycleDue } from '../domain/invitation.repository';
import { INVITATION_MODEL, InvitationDocument } from './invitation.schema';
import { isDuplicateKey } from './mongo-errors';

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

const toDomain = ({ _id, outbox: _outbox, outboxPending: _pending, outboxLeaseOwner: _owner, outboxLeaseUntil: _until, updatedAt: _updatedAt, ...rest }: InvitationDocument): Invitation =>
  Invitation.restore({ ...writtenBeforeLifecycle, id: _id, ...rest, jobId: rest.jobId ?? null });

const dueFilters: Record<LifecycleDue, (now: Date) => QueryFilter<InvitationDocument>> = {
  expiry: (now) => ({ status: { $in: OPEN_STATUS_LIST }, expiresAt: { $lte: now }, expiryAnnouncedAt: null }),
  reminder: (now) => ({ nextReminderAt: { $lte: now }, status: { $in: OPEN_STATUS_LIST }, expiresAt: { $gt: now } }),
  send: (now) => ({ status: 'scheduled', sendAt: { $lte: now } }),
};

@Injectable()
export class InvitationMongoRepository extends InvitationRepository implements OnModuleInit {
  constructor(
    @InjectModel(INVITATION_MODEL) private readonly invitations: Model<InvitationDocument>,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.register(this.invitations);
  }

  async insertOnce(invitation: Invitation, events: EventEnvelope[]): Promise<boolean> {
    const { id, ...props } = invitation.props;
    try {
      await this.invitations.create({ _id: id, ...props, outbox: events });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    this.relay.nudge();
    return true;
  }

  async findById(firmId: string, id: string): Promise<Invitation | undefined> {
    const doc = await this.invitations.findOne({ _id: id, firmId }, { outbox: 0 }).lean<InvitationDocument>().exec();
    return doc ? toDomain(doc) : undefined;
  }

  async listByClient(firmId: string, clientId: string): Promise<Invitation[]> {
    // Ids are UUIDv7: sorting by id lists in the order the invitations were requested.
    const docs = await this.invitations.find({ firmId, clientId }, { outbox: 0 }).sort({ _id: 1 }).lean<InvitationDocument[]>().exec();
    return docs.map(toDomain);
  }

  async applyChange(invitation: Invitation, change: InvitationChange, events: EventEnvelope[]): Promise<boolean> {
    const { id, firmId } = invitation.props;
    // Documents written before revisions existed have none: they count as revision 0.
    const revision = invitation.props.revision === 0 ? { $in: [0, null] } : invitation.props.revision;
    const result = await this.invitations.updateOne({ _id: id, firmId, revision }, withEvents({ $set: change.set, $inc: { revision: 1 } }, events));
    if (result.matchedCount === 0) return false;
    if (events.length > 0) this.relay.nudge();
    return true;
  }

  async findByTokenHash(tokenHash: string): Promise<Invitation | undefined> {
    const doc = await this.invitations.findOne({ $or: [{ tokenHash }, { reminderTokenHashes: tokenHash }] }, { outbox: 0 }).lean<InvitationDocument>().exec();
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
