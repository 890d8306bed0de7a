import type { EventEnvelope } from '@portico/contracts';
import type { FileRecord } from './file-record';

export interface ClientFilesQuery {
  firmId: string;
  clientId: string;
  /** Only files shared with the client's portal. */
  sharedOnly: boolean;
  limit: number;
}

/** Persistence port. Every read takes the firm: no query crosses tenants by omission. */
export abstract class FileRepository {
  /** Stores the new record and the events it caused in one write (outbox). */
  abstract insert(file: FileRecord, events: EventEnvelope[]): Promise<void>;

  /**
   * Stores the record's new state and its events in one write, provided the stored revision is
   * still `file.props.revision`. False when another write came first.
   */
  abstract update(file: FileRecord, events: EventEnvelope[]): Promise<boolean>;

  /** The firm's file, deleted ones excluded. */
  abstract find(firmId: string, fileId: string): Promise<FileRecord | undefined>;

  /** A client's uploaded (verified) files, newest first. */
  abstract listForClient(query: ClientFilesQuery): Promise<FileRecord[]>;
}
