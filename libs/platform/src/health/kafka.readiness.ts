import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectConfig } from '@portico/config';
import { checkKafka, kafkaConnectionFromConfig, type KafkaConnection, type KafkaConnectionConfig } from '@portico/messaging';
import { ReadinessIndicator } from './readiness';

/** Reachability only (messaging's bounded, no-retry admin check), connecting as the service's clients do (TLS, SASL). */
@Injectable()
export class KafkaReadiness implements ReadinessIndicator {
  private readonly connection: KafkaConnection;

  constructor(
    @InjectConfig() config: KafkaConnectionConfig,
    private readonly health: HealthIndicatorService,
  ) {
    this.connection = kafkaConnectionFromConfig(config);
  }

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('kafka');
    const result = await checkKafka(this.connection, 2000);
    return result.status === 'up' ? indicator.up({ brokers: result.brokers }) : indicator.down({ message: result.reason });
  }
}
