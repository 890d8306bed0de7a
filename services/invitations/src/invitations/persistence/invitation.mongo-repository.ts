import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model } from 'mongoose';
import { Invitation, InvitationChange } from '../domain/invitation';
import { InvitationRepository } from '../domain/invitation.repository';
import { INVITATION_MODEL, InvitationDocument } from './invitation.schema';
import { isDuplicateKey } from './mongo-errors';

const toDomain = ({ _id, outbox: _outbox, outboxPending: _pending, outboxLeaseOwner: _owner, outboxLeaseUntil: _until, updatedAt: _updatedAt, ...rest }: InvitationDocument): Invitation =>
  Invitation.restore({ id: _id, ...rest, jobId: rest.jobId ?? null });

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
    const result = await this.invitations.updateOne({ _id: id, firmId, status: change.from }, withEvents({ $set: change.set }, events));
    if (result.matchedCount === 0) return false;
    this.relay.nudge();
    return true;
  }
}
