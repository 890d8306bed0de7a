import { ObjectStorage, PartsRejectedError, type UploadedPart } from '../../storage/object-storage';

/**
 * Storage in memory for unit tests: objects are sizes by key; a test "uploads" by setting one.
 * Multipart uploads remember their parts' ETags and assemble only when every part named matches.
 */
export class FakeObjectStorage extends ObjectStorage {
  readonly objects = new Map<string, number>();
  readonly multipart = new Map<string, { key: string; parts: Map<number, { etag: string; size: number }> }>();
  private uploads = 0;

  async presignPut(key: string, ttlSeconds: number): Promise<string> {
    return `https://s3.test/${key}?ttl=${ttlSeconds}`;
  }

  async startMultipart(key: string): Promise<string> {
    const uploadId = `upload-${++this.uploads}`;
    this.multipart.set(uploadId, { key, parts: new Map() });
    return uploadId;
  }

  async presignPart(key: string, uploadId: string, partNumber: number, ttlSeconds: number): Promise<string> {
    return `https://s3.test/${key}?uploadId=${uploadId}&partNumber=${partNumber}&ttl=${ttlSeconds}`;
  }

  /** What a client's PUT of one part does. */
  putPart(uploadId: string, partNumber: number, size: number): string {
    const etag = `"etag-${partNumber}-${size}"`;
    this.multipart.get(uploadId)!.parts.set(partNumber, { etag, size });
    return etag;
  }

  async completeMultipart(key: string, uploadId: string, parts: UploadedPart[]): Promise<void> {
    const upload = this.multipart.get(uploadId);
    if (!upload) return;
    if (parts.some(({ partNumber, etag }) => upload.parts.get(partNumber)?.etag !== etag)) throw new PartsRejectedError('InvalidPart');
    this.objects.set(
      key,
      parts.reduce((sum, { partNumber }) => sum + upload.parts.get(partNumber)!.size, 0),
    );
    this.multipart.delete(uploadId);
  }

  async presignGet(key: string, ttlSeconds: number, response: { contentType: string; contentDisposition: string }): Promise<string> {
    return `https://s3.test/${key}?ttl=${ttlSeconds}&type=${encodeURIComponent(response.contentType)}&disposition=${encodeURIComponent(response.contentDisposition)}`;
  }

  async sizeOf(key: string): Promise<number | undefined> {
    return this.objects.get(key);
  }

  async remove(key: string): Promise<void> {
    this.objects.delete(key);
  }
}
