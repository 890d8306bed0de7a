/** No such file for this caller: missing, deleted, another firm's or client's, or not shared with the portal. */
export class FileNotFoundError extends Error {
  constructor(readonly fileId: string) {
    super('File not found');
    this.name = 'FileNotFoundError';
  }
}

/** Another firm's client looks the same as a missing one. */
export class ClientNotFoundError extends Error {
  constructor(readonly clientId: string) {
    super('Client not found');
    this.name = 'ClientNotFoundError';
  }
}

/** Refusals that carry a stable `code` for API clients, with the HTTP status they map to. */
export class FileRuleError extends Error {
  constructor(
    readonly status: 400 | 403 | 409 | 422,
    readonly code: string,
    message: string,
    /** The request field at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'FileRuleError';
  }
}

export const notUploader = () => new FileRuleError(403, 'not_uploader', 'Only the person who uploaded this file may change it');
export const editWindowClosed = () =>
  new FileRuleError(403, 'edit_window_closed', "The time to rename or delete this upload has passed; it is now part of the firm's records");
export const uploadPending = () => new FileRuleError(409, 'upload_pending', 'The upload of this file has not been completed');
export const objectMissing = () =>
  new FileRuleError(422, 'object_missing', 'Nothing was uploaded for this file: upload it to the URL you were given, then complete');
export const sizeMismatch = (announced: number, stored: number) =>
  new FileRuleError(422, 'size_mismatch', `The uploaded object has ${stored} bytes, not the ${announced} announced; it was discarded`);
export const partsRequired = () =>
  new FileRuleError(422, 'parts_required', 'A multipart upload is completed with the partNumber and ETag of each part', 'parts');
export const partsInvalid = (reason: string) => new FileRuleError(422, 'parts_invalid', `Storage refused the parts: ${reason}`, 'parts');
export const todoNotFileRequest = () => new FileRuleError(422, 'todo_not_file_request', 'todoId must name one of your to-dos that asks for a file', 'todoId');
export const fileTooLarge = (maxBytes: number) => new FileRuleError(400, 'file_too_large', `sizeBytes must not be greater than ${maxBytes}`, 'sizeBytes');
