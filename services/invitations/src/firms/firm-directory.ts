import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { coalesce, distinct } from '@portico/mongo';
import { FirmSettings, firmSettings } from './domain/firm-settings';
import { FIRM_MODEL, FirmDocument } from './firm.schema';

export interface DirectoryFirm {
  firmId: string;
  /** Null until identity's FirmRegistered has reached this service. */
  name: string | null;
  settings: FirmSettings;
}

@Injectable()
export class FirmDirectory {
  // Concurrent handlers' reads go to the database together.
  private readonly load = coalesce(async (firmIds: readonly string[]) => {
    const docs = await this.firms
      .find({ _id: { $in: distinct(firmIds) } })
      .lean<FirmDocument[]>()
      .exec();
    const byId = new Map(docs.map((doc) => [doc._id, doc]));
    return firmIds.map((firmId) => {
      const doc = byId.get(firmId);
      return { firmId, name: doc?.name ?? null, settings: firmSettings(doc) };
    });
  });

  constructor(@InjectModel(FIRM_MODEL) private readonly firms: Model<FirmDocument>) {}

  find(firmId: string): Promise<DirectoryFirm> {
    return this.load(firmId);
  }

  /** Full state of the firm's name: applying it twice is harmless, so no event bookkeeping is needed. */
  async registerName(firmId: string, name: string): Promise<void> {
    await this.firms.updateOne({ _id: firmId }, { $set: { name } }, { upsert: true });
  }

  async updateSettings(firmId: string, changes: Partial<FirmSettings>): Promise<FirmSettings> {
    // An empty `$set` is an error for MongoDB; a PATCH without fields just reads.
    if (Object.keys(changes).length === 0) return (await this.find(firmId)).settings;
    const doc = await this.firms.findOneAndUpdate({ _id: firmId }, { $set: changes }, { upsert: true, returnDocument: 'after' }).lean<FirmDocument>().exec();
    return firmSettings(doc ?? undefined);
  }
}
