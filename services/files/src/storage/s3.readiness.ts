import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessIndicator } from '@portico/platform';
import { MinioObjectStorage } from './minio.object-storage';

const TIMEOUT_MS = 3000;

/** Ready once the bucket exists and storage answers within a few seconds. */
@Injectable()
export class S3Readiness implements ReadinessIndicator {
  constructor(
    private readonly storage: MinioObjectStorage,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('s3');
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve(`no answer within ${TIMEOUT_MS} ms`), TIMEOUT_MS).unref());
    const answer = this.storage.ready().then(
      (ready) => (ready ? undefined : 'bucket not created yet'),
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    const problem = await Promise.race([answer, timeout]);
    return problem === undefined ? indicator.up() : indicator.down({ message: problem });
  }
}
