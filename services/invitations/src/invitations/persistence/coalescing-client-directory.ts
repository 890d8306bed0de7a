import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { CLIENT_DIRECTORY_MODEL, ClientDirectory, type ClientDirectoryEntry, type DirectoryClient } from '@portico/client-directory';
import { Model } from 'mongoose';
import { coalesce, distinct, perGroup } from '@portico/mongo';

/**
 * The shared client directory, whose look-ups by id are coalesced: the issuing consumer reads a
 * client per bulk recipient, and concurrent handlers' reads go to the database together (one
 * query per firm).
 */
@Injectable()
export class CoalescingClientDirectory extends ClientDirectory {
  private readonly load = coalesce(
    perGroup(
      (key: { firmId: string; clientId: string }) => key.firmId,
      async (keys) => {
        const ids = distinct(keys.map((key) => key.clientId));
        const entries = await this.directory
          .find({ _id: { $in: ids }, firmId: keys[0]!.firmId })
          .lean<ClientDirectoryEntry[]>()
          .exec();
        const byId = new Map(entries.map((entry) => [entry._id, entry]));
        return keys.map((key): DirectoryClient | undefined => {
          const entry = byId.get(key.clientId);
          if (!entry) return undefined;
          const { _id: clientId, firmId, kind, displayName, emails, contacts } = entry;
          // Entries written before contacts were kept have none.
          return { clientId, firmId, kind, displayName, emails, contacts: contacts ?? [] };
        });
      },
    ),
  );

  constructor(@InjectModel(CLIENT_DIRECTORY_MODEL) private readonly directory: Model<ClientDirectoryEntry>) {
    super(directory);
  }

  override find(firmId: string, clientId: string): Promise<DirectoryClient | undefined> {
    return this.load({ firmId, clientId });
  }
}
