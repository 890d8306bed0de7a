import { outboxPlugin, type OutboxFields } from '@portico/outbox';
import { Schema } from 'mongoose';
import type { Uploader } from '../domain/actor';
import type { FileStatus, StoredUpload } from '../domain/file-record';

export const FILE_MODEL = 'File';

export interface FileDocument extends Partial<OutboxFields> {
  _id: string;
  firmId: string;
  clientId: string;
  name: string;
  sizeBytes: number;
  contentType: string;
  objectKey: string;
  status: FileStatus;
  sharedWithClient: boolean;
  uploadedBy: Uploader;
  todoId: string | null;
  upload: StoredUpload;
  requestedAt: Date;
  uploadedAt: Date | null;
  editableUntil: Date | null;
  deletedAt: Date | null;
  revision: number;
}

const UploaderSchema = new Schema<Uploader>(
  {
    userId: { type: String, required: true },
    role: { type: String, enum: ['staff', 'client'], required: true },
    contactId: { type: String, default: null },
  },
  { _id: false },
);

export const FileSchema = new Schema<FileDocument>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    clientId: { type: String, required: true },
    name: { type: String, required: true },
    sizeBytes: { type: Number, required: true },
    contentType: { type: String, required: true },
    objectKey: { type: String, required: true },
    status: { type: String, enum: ['pending', 'available', 'deleted'], required: true },
    sharedWithClient: { type: Boolean, required: true },
    uploadedBy: { type: UploaderSchema, required: true },
    todoId: { type: String, default: null },
    // Either { kind: 'single' } or { kind: 'multipart', uploadId, partSize, partCount }.
    upload: { type: Schema.Types.Mixed, required: true },
    requestedAt: { type: Date, required: true },
    uploadedAt: { type: Date, default: null },
    editableUntil: { type: Date, default: null },
    deletedAt: { type: Date, default: null },
    revision: { type: Number, required: true },
  },
  { collection: 'files', versionKey: false, minimize: false },
);

FileSchema.plugin(outboxPlugin);

// A client's list: their verified files (all for staff, the shared ones for the portal), newest first.
FileSchema.index({ firmId: 1, clientId: 1, status: 1, uploadedAt: -1 });
