import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { RefreshSession } from '../domain/refresh-session';
import { RefreshSessionRepository } from '../domain/refresh-session.repository';
import { REFRESH_SESSION_MODEL, RefreshSessionDocument } from './refresh-session.schema';

const toSession = ({ _id, portal, ...rest }: RefreshSessionDocument): RefreshSession => ({
  tokenHash: _id,
  ...rest,
  portal: portal ? { firmId: portal.firmId, clientId: portal.clientId } : null,
});

@Injectable()
export class RefreshSessionMongoRepository extends RefreshSessionRepository {
  constructor(@InjectModel(REFRESH_SESSION_MODEL) private readonly sessions: Model<RefreshSessionDocument>) {
    super();
  }

  async insert({ tokenHash, ...rest }: RefreshSession): Promise<void> {
    await this.sessions.create({ _id: tokenHash, ...rest });
  }

  async claim(tokenHash: string, now: Date): Promise<RefreshSession | undefined> {
    const doc = await this.sessions
      .findOneAndUpdate({ _id: tokenHash, usedAt: null, revokedAt: null, expiresAt: { $gt: now } }, { $set: { usedAt: now } }, { returnDocument: 'after' })
      .lean<RefreshSessionDocument>()
      .exec();
    return doc ? toSession(doc) : undefined;
  }

  async findByHash(tokenHash: string): Promise<RefreshSession | undefined> {
    const doc = await this.sessions.findById(tokenHash).lean<RefreshSessionDocument>().exec();
    return doc ? toSession(doc) : undefined;
  }

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.sessions.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: now } }).exec();
  }

  async familyOfAccessToken(userId: string, accessTokenId: string): Promise<string | undefined> {
    const doc = await this.sessions.findOne({ accessTokenId, userId }, { familyId: 1 }).lean<Pick<RefreshSessionDocument, 'familyId'>>().exec();
    return doc?.familyId;
  }
}
