import type { Actor, Uploader } from './actor';
import { editWindowClosed, notUploader, uploadPending } from './file.errors';

export type FileStatus = 'pending' | 'available' | 'deleted';

/** How the bytes reach storage: one presigned PUT, or the parts of a multipart upload. */
export type StoredUpload = { kind: 'single' } | { kind: 'multipart'; uploadId: string; partSize: number; partCount: number };

export interface FileProps {
  id: string;
  firmId: string;
  clientId: string;
  /** Sanitized display name (see sanitizeFileName). */
  name: string;
  /** Announced at request, verified against storage on completion. */
  sizeBytes: number;
  contentType: string;
  /** Built from ids only, never from user text. */
  objectKey: string;
  status: FileStatus;
  sharedWithClient: boolean;
  uploadedBy: Uploader;
  /** The file-request to-do this client upload answers. */
  todoId: string | null;
  upload: StoredUpload;
  requestedAt: Date;
  /** When the upload was verified (null while pending). */
  uploadedAt: Date | null;
  /** Until when the uploading client may rename or delete it; null for staff uploads. */
  editableUntil: Date | null;
  deletedAt: Date | null;
  /** Counts the stored writes (optimistic concurrency). */
  revision: number;
}

export type NewUpload = Pick<
  FileProps,
  'id' | 'firmId' | 'clientId' | 'name' | 'sizeBytes' | 'contentType' | 'objectKey' | 'sharedWithClient' | 'uploadedBy' | 'todoId' | 'upload'
>;

/** Where a file's bytes live: ids only, so no caller-chosen text ever reaches a key. */
export const objectKeyOf = (firmId: string, clientId: string, fileId: string): string => `firms/${firmId}/clients/${clientId}/${fileId}`;

/**
 * A file of a client's portal, from the upload request to its deletion. Immutable: every change
 * returns a new record, or the same instance when nothing changes.
 */
export class FileRecord {
  private constructor(readonly props: Readonly<FileProps>) {}

  static request(input: NewUpload, now = new Date()): FileRecord {
    return new FileRecord({ ...input, status: 'pending', requestedAt: now, uploadedAt: null, editableUntil: null, deletedAt: null, revision: 0 });
  }

  static restore(props: FileProps): FileRecord {
    return new FileRecord(props);
  }

  get id(): string {
    return this.props.id;
  }

  /**
   * Staff see every file of their firm that is not deleted (pending ones included, by id);
   * a portal sees its client's verified files that are shared with it.
   */
  visibleTo(actor: Actor): boolean {
    const { firmId, clientId, status, sharedWithClient } = this.props;
    if (status === 'deleted' || firmId !== actor.firmId) return false;
    if (actor.role === 'staff') return true;
    return clientId === actor.clientId && status === 'available' && sharedWithClient;
  }

  /** Only whoever asked for the upload completes it (within their firm, and portal). */
  completableBy(actor: Actor): boolean {
    const { firmId, clientId, status, uploadedBy } = this.props;
    if (status === 'deleted' || firmId !== actor.firmId || uploadedBy.userId !== actor.userId) return false;
    return actor.role === 'staff' || clientId === actor.clientId;
  }

  /** The object was found in storage with the announced size. A client's upload opens its edit window. */
  markUploaded(now: Date, editWindowSeconds: number): FileRecord {
    if (this.props.status !== 'pending') return this;
    const editableUntil = this.props.uploadedBy.role === 'client' ? new Date(now.getTime() + editWindowSeconds * 1000) : null;
    return this.with({ status: 'available', uploadedAt: now, editableUntil });
  }

  share(shared: boolean): FileRecord {
    this.assertUploaded();
    return shared === this.props.sharedWithClient ? this : this.with({ sharedWithClient: shared });
  }

  rename(actor: Actor, name: string, now = new Date()): FileRecord {
    this.assertEditableBy(actor, now);
    return name === this.props.name ? this : this.with({ name });
  }

  /** Staff delete any file of their firm; a client only their own upload, within its edit window. */
  delete(actor: Actor, now = new Date()): FileRecord {
    this.assertEditableBy(actor, now);
    return this.with({ status: 'deleted', deletedAt: now });
  }

  assertUploaded(): void {
    if (this.props.status !== 'available') throw uploadPending();
  }

  private assertEditableBy(actor: Actor, now: Date): void {
    this.assertUploaded();
    if (actor.role === 'staff') return;
    if (this.props.uploadedBy.userId !== actor.userId) throw notUploader();
    const until = this.props.editableUntil;
    if (!until || now.getTime() >= until.getTime()) throw editWindowClosed();
  }

  private with(changes: Partial<FileProps>): FileRecord {
    return new FileRecord({ ...this.props, ...changes });
  }
}
