import { createEvent, FileDeleted, FileRenamed, FileShared, FileUploaded, type EnvelopeOf, type EventOrigin } from '@portico/contracts';
import type { Actor } from './domain/actor';
import { uploaderOf } from './domain/actor';
import type { FileRecord } from './domain/file-record';

export function fileUploaded({ props }: FileRecord, origin: EventOrigin): EnvelopeOf<typeof FileUploaded> {
  return createEvent(
    FileUploaded,
    {
      fileId: props.id,
      clientId: props.clientId,
      name: props.name,
      sizeBytes: props.sizeBytes,
      contentType: props.contentType,
      uploadedBy: { ...props.uploadedBy },
      todoId: props.todoId,
      sharedWithClient: props.sharedWithClient,
      uploadedAt: (props.uploadedAt ?? new Date()).toISOString(),
    },
    origin,
  );
}

export function fileShared({ props }: FileRecord, sharedBy: Actor, origin: EventOrigin): EnvelopeOf<typeof FileShared> {
  return createEvent(
    FileShared,
    { fileId: props.id, clientId: props.clientId, name: props.name, sharedBy: sharedBy.userId, shared: props.sharedWithClient },
    origin,
  );
}

export function fileDeleted({ props }: FileRecord, deletedBy: Actor, origin: EventOrigin): EnvelopeOf<typeof FileDeleted> {
  return createEvent(FileDeleted, { fileId: props.id, clientId: props.clientId, deletedBy: uploaderOf(deletedBy) }, origin);
}

export function fileRenamed({ props }: FileRecord, renamedBy: Actor, origin: EventOrigin): EnvelopeOf<typeof FileRenamed> {
  return createEvent(FileRenamed, { fileId: props.id, clientId: props.clientId, name: props.name, renamedBy: uploaderOf(renamedBy) }, origin);
}
