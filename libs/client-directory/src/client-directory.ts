import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CLIENT_DIRECTORY_MODEL, ClientDirectoryContact, ClientDirectoryEntry } from './client-directory.schema';

export interface DirectoryClient {
  clientId: string;
  firmId: string;
  kind: 'individual' | 'business';
  displayName: string;
  emails: string[];
  contacts: ClientDirectoryContact[];
}

/** Reads the client directory. Every lookup takes the firm: another firm's client is simply not found. */
@Injectable()
export class ClientDirectory {
  constructor(@InjectModel(CLIENT_DIRECTORY_MODEL) private readonly entries: Model<ClientDirectoryEntry>) {}

  async find(firmId: string, clientId: string): Promise<DirectoryClient | undefined> {
    const entry = await this.entries.findOne({ _id: clientId, firmId }).lean<ClientDirectoryEntry>().exec();
    if (!entry) return undefined;
    return {
      clientId: entry._id,
      firmId: entry.firmId,
      kind: entry.kind,
      displayName: entry.displayName,
      emails: entry.emails,
      // Entries written before contacts were kept have none.
      contacts: entry.contacts ?? [],
    };
  }

  /** Every client of the firm with its name and emails, in id order (a bulk selection reads them at once). */
  async listFirm(firmId: string): Promise<{ clientId: string; displayName: string; emails: string[] }[]> {
    const entries = await this.entries
      .find({ firmId }, { displayName: 1, emails: 1 })
      .lean<Pick<ClientDirectoryEntry, '_id' | 'displayName' | 'emails'>[]>()
      .exec();
    // LOCAL-DB: ordered by id here rather than by the server: the local MongoDB-wire server sorts a whole
    // firm's entries (10,000 and more) slower than it reads them.
    return entries
      .sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
      .map((entry) => ({ clientId: entry._id, displayName: entry.displayName, emails: entry.emails }));
  }
}
