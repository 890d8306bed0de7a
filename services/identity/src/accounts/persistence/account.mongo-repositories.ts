import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { EmailTakenError, FirmRepository, UserRepository } from '../domain/account.repositories';
import type { Firm } from '../domain/firm';
import type { StaffUser } from '../domain/user';
import { FIRM_MODEL, FirmDocument, USER_MODEL, UserDocument } from './account.schemas';

const DUPLICATE_KEY = 11000;

@Injectable()
export class FirmMongoRepository extends FirmRepository {
  constructor(@InjectModel(FIRM_MODEL) private readonly firms: Model<FirmDocument>) {
    super();
  }

  async insert({ id, ...rest }: Firm): Promise<void> {
    await this.firms.create({ _id: id, ...rest });
  }

  async findById(id: string): Promise<Firm | undefined> {
    const doc = await this.firms.findById(id).lean<FirmDocument>().exec();
    return doc ? { id: doc._id, name: doc.name, createdAt: doc.createdAt } : undefined;
  }
}

const toUser = ({ _id, ...rest }: UserDocument): StaffUser => ({ id: _id, ...rest });

@Injectable()
export class UserMongoRepository extends UserRepository {
  constructor(@InjectModel(USER_MODEL) private readonly users: Model<UserDocument>) {
    super();
  }

  async insert({ id, ...rest }: StaffUser): Promise<void> {
    try {
      await this.users.create({ _id: id, ...rest });
    } catch (error) {
      if ((error as { code?: unknown }).code === DUPLICATE_KEY) throw new EmailTakenError();
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    await this.users.deleteOne({ _id: id }).exec();
  }

  async findById(id: string): Promise<StaffUser | undefined> {
    const doc = await this.users.findById(id).lean<UserDocument>().exec();
    return doc ? toUser(doc) : undefined;
  }

  async findByEmail(email: string): Promise<StaffUser | undefined> {
    const doc = await this.users.findOne({ email }).lean<UserDocument>().exec();
    return doc ? toUser(doc) : undefined;
  }
}
