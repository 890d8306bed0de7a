import type { EventEnvelope } from '@portico/contracts';
import { FileRecord } from '../domain/file-record';
import { ClientFilesQuery, FileRepository } from '../domain/file.repository';

/** The repository port in memory, for unit tests of the use cases: the same revision check, and the events written. */
export class InMemoryFileRepository extends FileRepository {
  readonly stored = new Map<string, FileRecord>();
  readonly events: EventEnvelope[] = [];

  async insert(file: FileRecord, events: EventEnvelope[]): Promise<void> {
    this.stored.set(file.id, file);
    this.events.push(...events);
  }

  async update(file: FileRecord, events: EventEnvelope[]): Promise<boolean> {
    const current = this.stored.get(file.id);
    if (!current || current.props.revision !== file.props.revision) return false;
    this.stored.set(file.id, FileRecord.restore({ ...file.props, revision: file.props.revision + 1 }));
    this.events.push(...events);
    return true;
  }

  async find(firmId: string, fileId: string): Promise<FileRecord | undefined> {
    const file = this.stored.get(fileId);
    return file && file.props.firmId === firmId && file.props.status !== 'deleted' ? file : undefined;
  }

  async listForClient({ firmId, clientId, sharedOnly, limit }: ClientFilesQuery): Promise<FileRecord[]> {
    return [...this.stored.values()]
      .filter(({ props }) => props.firmId === firmId && props.clientId === clientId && props.status === 'available' && (!sharedOnly || props.sharedWithClient))
      .sort((a, b) => b.props.uploadedAt!.getTime() - a.props.uploadedAt!.getTime())
      .slice(0, limit);
  }
}
