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
}
