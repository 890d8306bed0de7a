import { Global, Module } from '@nestjs/common';
import { MinioObjectStorage } from './minio.object-storage';
import { ObjectStorage } from './object-storage';

/** Global so the health module's S3 readiness check reaches the same client. */
@Global()
@Module({
  providers: [MinioObjectStorage, { provide: ObjectStorage, useExisting: MinioObjectStorage }],
  exports: [MinioObjectStorage, ObjectStorage],
})
export class StorageModule {}
