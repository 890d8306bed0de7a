import { z } from 'zod';
import { defineEvent } from '../define-event';
import { Topics } from '../topics';
import { Id } from './fields';

const uploader = z.object({ userId: Id, role: z.enum(['staff', 'client']), contactId: Id.nullable() });

export const FileUploaded = defineEvent({
  type: 'FileUploaded',
  version: 1,
  topic: Topics.filesFile.name,
  key: (p) => p.fileId,
  payload: z.object({
    fileId: Id,
    clientId: Id,
    /** The sanitized display name (never an object key). */
    name: z.string().min(1).max(255),
    sizeBytes: z.number().int().min(0),
    contentType: z.string().min(1).max(200),
    uploadedBy: uploader,
    /** The to-do this upload answers, when the client uploaded it from a file-request to-do. */
    todoId: Id.nullable(),
    /** Uploads by the client are visible in their portal; staff uploads only once shared. */
    sharedWithClient: z.boolean(),
    uploadedAt: z.iso.datetime(),
  }),
  description: 'A file was uploaded and verified in storage (the object exists with the announced size).',
});

export const FileShared = defineEvent({
  type: 'FileShared',
  version: 1,
  topic: Topics.filesFile.name,
  key: (p) => p.fileId,
  payload: z.object({ fileId: Id, clientId: Id, name: z.string().min(1).max(255), sharedBy: Id, shared: z.boolean() }),
  description: "Staff shared a file with the client's portal (shared: true) or withdrew it (shared: false).",
});

export const FileRenamed = defineEvent({
  type: 'FileRenamed',
  version: 1,
  topic: Topics.filesFile.name,
  key: (p) => p.fileId,
  payload: z.object({ fileId: Id, clientId: Id, name: z.string().min(1).max(255), renamedBy: uploader }),
  description: 'The uploader renamed their file within its edit window; carries the new (sanitized) name.',
});

export const FileDeleted = defineEvent({
  type: 'FileDeleted',
  version: 1,
  topic: Topics.filesFile.name,
  key: (p) => p.fileId,
  payload: z.object({ fileId: Id, clientId: Id, deletedBy: uploader }),
  description: 'A file was deleted (by its uploader within the edit window, or by staff).',
});
