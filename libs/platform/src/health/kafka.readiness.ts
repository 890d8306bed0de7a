import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectConfig } from '@portico/config';
import { checkKafka, consumerStates, kafkaConnectionFromConfig, type KafkaConnection, type KafkaConnectionConfig } from '@portico/messaging';
import { ReadinessIndicator } from './readiness';

/**
 * Reachability (messaging's bounded, no-retry admin check, connecting as the service's clients
 * do: TLS, SASL), and the service's consumer: one that crashed or stopped takes no events, so
 * the replica is not ready (under `consumer`) until it is back in its group.
 */
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
    const kafka = result.status === 'up' ? indicator.up({ brokers: result.brokers }) : indicator.down({ message: result.reason });
    return { ...kafka, ...consumerHealth(this.health, 'ready') };
  }
}

/**
 * The consumers of the process as health keys (none for a service that does not consume).
 * `ready`: down when crashed (until it rejoins) or stopped. `live`: down only when kafkajs gave
 * up restarting it, so that the orchestrator restarts the process instead of leaving a replica
 * that serves HTTP but never consumes again.
 */
export function consumerHealth(health: HealthIndicatorService, probe: 'ready' | 'live'): HealthIndicatorResult {
  const result: HealthIndicatorResult = {};
  for (const [group, state] of consumerStates()) {
    const indicator = health.check(`consumer:${group}`);
    const down = probe === 'live' ? state.state === 'crashed' && !state.restarting : state.state === 'crashed' || state.state === 'stopped';
    const details: Record<string, unknown> =
      state.state === 'crashed' ? { state: state.state, message: state.reason, restarting: state.restarting } : { state: state.state };
    Object.assign(result, down ? indicator.down(details) : indicator.up(details));
  }
  return result;
}
