import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model, type QueryFilter } from 'mongoose';
import { FileRecord } from '../domain/file-record';
import { ClientFilesQuery, FileRepository } from '../domain/file.repository';
import { FILE_MODEL, FileDocument } from './file.schema';

const toDocument = ({ props: { id, ...state } }: FileRecord): FileDocument => ({ _id: id, ...state });

const toDomain = (doc: FileDocument): FileRecord =>
  FileRecord.restore({
    id: doc._id,
    firmId: doc.firmId,
    clientId: doc.clientId,
    name: doc.name,
    sizeBytes: doc.sizeBytes,
    contentType: doc.contentType,
    objectKey: doc.objectKey,
    status: doc.status,
    sharedWithClient: doc.sharedWithClient,
    uploadedBy: { userId: doc.uploadedBy.userId, role: doc.uploadedBy.role, contactId: doc.uploadedBy.contactId },
    todoId: doc.todoId,
    upload: doc.upload,
    requestedAt: doc.requestedAt,
    uploadedAt: doc.uploadedAt,
    editableUntil: doc.editableUntil,
    deletedAt: doc.deletedAt,
    revision: doc.revision,
  });

@Injectable()
export class FileMongoRepository extends FileRepository implements OnModuleInit {
  constructor(
    @InjectModel(FILE_MODEL) private readonly files: Model<FileDocument>,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.register(this.files);
  }

  async insert(file: FileRecord, events: EventEnvelope[]): Promise<void> {
    await this.files.create({ ...toDocument(file), outbox: events });
    if (events.length > 0) this.relay.nudge();
  }

  async update(file: FileRecord, events: EventEnvelope[]): Promise<boolean> {
    const { _id, firmId, revision, ...state } = toDocument(file);
    // The new state and its events in one conditional single-document write (outbox).
    const result = await this.files.updateOne({ _id, firmId, revision }, withEvents({ $set: { ...state, revision: revision + 1 } }, events)).exec();
    if (result.matchedCount === 0) return false;
    if (events.length > 0) this.relay.nudge();
    return true;
  }

  async find(firmId: string, fileId: string): Promise<FileRecord | undefined> {
    const doc = await this.files
      .findOne({ _id: fileId, firmId, status: { $ne: 'deleted' } })
      .lean<FileDocument>()
      .exec();
    return doc ? toDomain(doc) : undefined;
  }

  async listForClient({ firmId, clientId, sharedOnly, limit }: ClientFilesQuery): Promise<FileRecord[]> {
    const filter: QueryFilter<FileDocument> = { firmId, clientId, status: 'available' };
    if (sharedOnly) filter.sharedWithClient = true;
    const docs = await this.files.find(filter).sort({ uploadedAt: -1, _id: -1 }).limit(limit).lean<FileDocument[]>().exec();
    return docs.map(toDomain);
  }
}
