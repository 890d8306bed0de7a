import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectConfig } from '@portico/config';
import { checkKafka } from '@portico/messaging';
import { ReadinessIndicator } from './readiness';

/** Reachability only (messaging's bounded, no-retry admin check). */
@Injectable()
export class KafkaReadiness implements ReadinessIndicator {
  constructor(
    @InjectConfig() private readonly config: { KAFKA_BROKERS: readonly string[] },
    private readonly health: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('kafka');
    const result = await checkKafka([...this.config.KAFKA_BROKERS], 2000);
    return result.status === 'up' ? indicator.up({ brokers: result.brokers }) : indicator.down({ message: result.reason });
  }
}
