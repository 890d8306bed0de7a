import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import { Client, S3Error } from 'minio';
import type { FilesConfig } from '../files.env';
import { ObjectStorage, PartsRejectedError, UploadedPart } from './object-storage';

type S3Config = Pick<
  FilesConfig,
  'S3_ENDPOINT' | 'S3_PORT' | 'S3_USE_SSL' | 'S3_PUBLIC_URL' | 'S3_PATH_STYLE' | 'S3_ACCESS_KEY' | 'S3_SECRET_KEY' | 'S3_REGION' | 'S3_BUCKET'
>;

/**
 * The clients: one talks to S3 (inside the cluster); the URLs handed to browsers are signed by a
 * second one configured with the public origin, since a presigned URL's host is part of what is
 * signed. Signing makes no request: the region is fixed, so the client never looks it up.
 */
export function s3Clients(config: S3Config): { client: Client; presigner: Client } {
  const common = { accessKey: config.S3_ACCESS_KEY, secretKey: config.S3_SECRET_KEY, region: config.S3_REGION, pathStyle: config.S3_PATH_STYLE };
  const client = new Client({ ...common, endPoint: config.S3_ENDPOINT, port: config.S3_PORT, useSSL: config.S3_USE_SSL });
  if (config.S3_PUBLIC_URL === undefined) return { client, presigner: client };
  const origin = new URL(config.S3_PUBLIC_URL);
  const useSSL = origin.protocol === 'https:';
  const presigner = new Client({ ...common, endPoint: origin.hostname, port: origin.port ? Number(origin.port) : useSSL ? 443 : 80, useSSL });
  return { client, presigner };
}

const BUCKET_RETRY_MS = 2000;
/** S3's answers to a complete request whose parts list is wrong. */
const PARTS_ERRORS = new Set(['InvalidPart', 'InvalidPartOrder', 'EntityTooSmall', 'MalformedXML', 'InvalidRequest']);
const MISSING_ERRORS = new Set(['NotFound', 'NoSuchKey']);

const s3Code = (error: unknown): string | undefined => (error instanceof S3Error ? error.code : undefined);

/** ObjectStorage on any S3 API (AWS, MinIO, the local Versity gateway) through the minio client. */
@Injectable()
export class MinioObjectStorage extends ObjectStorage implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ObjectStorage');
  private readonly client: Client;
  /** Signs the URLs browsers use (S3_PUBLIC_URL); the same client when it is unset. */
  private readonly presigner: Client;
  private readonly bucket: string;
  private readonly region: string;
  private bucketReady = false;
  private retry?: NodeJS.Timeout;

  constructor(@InjectConfig() config: S3Config) {
    super();
    this.bucket = config.S3_BUCKET;
    this.region = config.S3_REGION;
    ({ client: this.client, presigner: this.presigner } = s3Clients(config));
  }

  /** Creates the bucket when missing; while storage is unreachable, keeps trying (readiness reports it). */
  onApplicationBootstrap(): void {
    void this.ensureBucket();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
  }

  /** Storage answers and the bucket exists (for /health/ready). */
  async ready(): Promise<boolean> {
    return this.bucketReady && (await this.client.bucketExists(this.bucket));
  }

  presignPut(key: string, ttlSeconds: number): Promise<string> {
    return this.presigner.presignedPutObject(this.bucket, key, ttlSeconds);
  }

  startMultipart(key: string, contentType: string): Promise<string> {
    return this.client.initiateNewMultipartUpload(this.bucket, key, { 'Content-Type': contentType });
  }

  presignPart(key: string, uploadId: string, partNumber: number, ttlSeconds: number): Promise<string> {
    // The query (part number and upload id) is part of what is signed.
    return this.presigner.presignedUrl('PUT', this.bucket, key, ttlSeconds, { partNumber: String(partNumber), uploadId });
  }

  async completeMultipart(key: string, uploadId: string, parts: UploadedPart[]): Promise<void> {
    try {
      await this.client.completeMultipartUpload(
        this.bucket,
        key,
        uploadId,
        parts.map(({ partNumber, etag }) => ({ part: partNumber, etag })),
      );
    } catch (error) {
      const code = s3Code(error);
      // Completed before (a retried completion): the object is there, the caller checks it.
      if (code === 'NoSuchUpload') return;
      if (code && PARTS_ERRORS.has(code)) throw new PartsRejectedError(code);
      throw error;
    }
  }

  presignGet(key: string, ttlSeconds: number, response: { contentType: string; contentDisposition: string }): Promise<string> {
    return this.presigner.presignedGetObject(this.bucket, key, ttlSeconds, {
      'response-content-type': response.contentType,
      'response-content-disposition': response.contentDisposition,
    });
  }

  async sizeOf(key: string): Promise<number | undefined> {
    try {
      return (await this.client.statObject(this.bucket, key)).size;
    } catch (error) {
      if (MISSING_ERRORS.has(s3Code(error) ?? '')) return undefined;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await this.client.removeObject(this.bucket, key);
  }

  private async ensureBucket(): Promise<void> {
    try {
      if (!(await this.client.bucketExists(this.bucket))) await this.makeBucket();
      this.bucketReady = true;
      this.logger.log(`Bucket ${this.bucket} ready`);
    } catch (error) {
      this.logger.warn(`Storage not ready (${error instanceof Error ? error.message : String(error)}); retrying in ${BUCKET_RETRY_MS} ms`);
      this.retry = setTimeout(() => void this.ensureBucket(), BUCKET_RETRY_MS);
      this.retry.unref();
    }
  }

  private async makeBucket(): Promise<void> {
    try {
      // In the configured region (AWS refuses a bucket without one at a regional endpoint).
      await this.client.makeBucket(this.bucket, this.region);
    } catch (error) {
      // Another replica created it meanwhile.
      if (s3Code(error) !== 'BucketAlreadyOwnedByYou') throw error;
    }
  }
}
