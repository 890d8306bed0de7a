import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model } from 'mongoose';
import { EmailTakenError, FirmRepository, UserRepository, UserSettingsRepository } from '../domain/account.repositories';
import type { Firm } from '../domain/firm';
import type { SessionCutoff, User } from '../domain/user';
import { FIRM_MODEL, FirmDocument, USER_MODEL, UserDocument } from './account.schemas';
import { isDuplicateKey } from '@portico/mongo';

const toFirm = (doc: FirmDocument): Firm => ({ id: doc._id, name: doc.name, createdAt: doc.createdAt });

@Injectable()
export class FirmMongoRepository extends FirmRepository {
  constructor(@InjectModel(FIRM_MODEL) private readonly firms: Model<FirmDocument>) {
    super();
  }

  async insert({ id, ...rest }: Firm): Promise<void> {
    await this.firms.create({ _id: id, ...rest });
  }

  async delete(id: string): Promise<void> {
    await this.firms.deleteOne({ _id: id }).exec();
  }

  async findById(id: string): Promise<Firm | undefined> {
    const doc = await this.firms.findById(id).lean<FirmDocument>().exec();
    return doc ? toFirm(doc) : undefined;
  }

  async findByIds(ids: readonly string[]): Promise<Firm[]> {
    const docs = await this.firms
      .find({ _id: { $in: [...ids] } })
      .lean<FirmDocument[]>()
      .exec();
    return docs.map(toFirm);
  }
}

function toUser(doc: UserDocument): User {
  const login = {
    id: doc._id,
    email: doc.email,
    passwordHash: doc.passwordHash,
    createdAt: doc.createdAt,
    portals: (doc.portals ?? []).map(({ firmId, clientId, contactId, invitationId, grantedAt }) => ({
      firmId,
      clientId,
      contactId: contactId ?? null,
      invitationId,
      grantedAt,
    })),
    acceptedInvitationIds: doc.acceptedInvitationIds ?? [],
    version: doc.version ?? 0,
    ...(doc.sessionCutoff ? { sessionCutoff: { at: doc.sessionCutoff.at, keptFamilyId: doc.sessionCutoff.keptFamilyId ?? null } } : {}),
  };
  if (doc.role === 'staff') return { ...login, role: 'staff', firmId: doc.firmId ?? '', name: doc.name ?? '' };
  return { ...login, role: 'client', ...(doc.name === undefined ? {} : { name: doc.name }) };
}

function toDocument(user: User): UserDocument {
  const { id, portals, ...rest } = user;
  return { _id: id, ...rest, portals: portals.map((portal) => ({ ...portal })) };
}

@Injectable()
export class UserMongoRepository extends UserRepository implements UserSettingsRepository, OnModuleInit {
  constructor(
    @InjectModel(USER_MODEL) private readonly users: Model<UserDocument>,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.register(this.users);
  }

  async insert(user: User, events: readonly EventEnvelope[]): Promise<void> {
    try {
      await this.users.create({ ...toDocument(user), outbox: [...events] });
    } catch (error) {
      if (isDuplicateKey(error)) throw new EmailTakenError();
      throw error;
    }
    this.relay.nudge();
  }

  async findById(id: string): Promise<User | undefined> {
    const doc = await this.users.findById(id).lean<UserDocument>().exec();
    return doc ? toUser(doc) : undefined;
  }

  async findByEmail(email: string): Promise<User | undefined> {
    const doc = await this.users.findOne({ email }).lean<UserDocument>().exec();
    return doc ? toUser(doc) : undefined;
  }

  async saveMemberships(user: User, expectedVersion: number, events: readonly EventEnvelope[]): Promise<boolean> {
    const { portals, acceptedInvitationIds, version } = toDocument(user);
    const result = await this.users
      .updateOne({ _id: user.id, version: expectedVersion }, withEvents({ $set: { portals, acceptedInvitationIds, version } }, events))
      .exec();
    if (result.matchedCount === 0) return false;
    this.relay.nudge();
    return true;
  }

  async recordLogin(userId: string, at: Date, events: readonly EventEnvelope[]): Promise<void> {
    await this.users.updateOne({ _id: userId }, withEvents({ $set: { lastLoginAt: at } }, events)).exec();
    if (events.length > 0) this.relay.nudge();
  }

  async rename(userId: string, name: string): Promise<void> {
    await this.users.updateOne({ _id: userId }, { $set: { name } }).exec();
  }

  async changePassword(userId: string, expectedHash: string, newHash: string, cutoff: SessionCutoff): Promise<boolean> {
    const result = await this.users.updateOne({ _id: userId, passwordHash: expectedHash }, { $set: { passwordHash: newHash, sessionCutoff: cutoff } }).exec();
    return result.matchedCount === 1;
  }

  async endSessions(userId: string, cutoff: SessionCutoff): Promise<void> {
    await this.users.updateOne({ _id: userId }, { $set: { sessionCutoff: cutoff } }).exec();
  }
}
