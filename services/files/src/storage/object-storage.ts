export interface UploadedPart {
  partNumber: number;
  etag: string;
}

/** Storage refused to assemble a multipart upload from the parts named (missing, wrong ETag, too small...). */
export class PartsRejectedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PartsRejectedError';
  }
}

/**
 * The object store, as files use it: callers move bytes themselves through presigned URLs, so
 * the service never streams a file. Each URL is signed for one key (and part): it cannot be
 * used for another object.
 */
export abstract class ObjectStorage {
  abstract presignPut(key: string, ttlSeconds: number): Promise<string>;
  /** Starts a multipart upload; returns its upload id. */
  abstract startMultipart(key: string, contentType: string): Promise<string>;
  abstract presignPart(key: string, uploadId: string, partNumber: number, ttlSeconds: number): Promise<string>;
  /** Assembles the parts into the object. Throws PartsRejectedError when storage refuses them. */
  abstract completeMultipart(key: string, uploadId: string, parts: UploadedPart[]): Promise<void>;
  /** A GET URL whose response carries these headers (whatever the uploader sent). */
  abstract presignGet(key: string, ttlSeconds: number, response: { contentType: string; contentDisposition: string }): Promise<string>;
  /** Size of the stored object, undefined when there is none. */
  abstract sizeOf(key: string): Promise<number | undefined>;
  /** Removes the object; removing a missing one is not an error. */
  abstract remove(key: string): Promise<void>;
}
