import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessIndicator } from './readiness';

/** Whether the process has begun to shut down: from then on it is not ready, though it still serves. */
@Injectable()
export class ShutdownState {
  private drainingSince: Date | undefined;

  beginDraining(): void {
    this.drainingSince ??= new Date();
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  get since(): Date | undefined {
    return this.drainingSince;
  }
}

/** Part of every `/health/ready`: down once SIGTERM arrived, so load balancers stop sending requests first. */
@Injectable()
export class LifecycleReadiness implements ReadinessIndicator {
  constructor(
    private readonly state: ShutdownState,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('lifecycle');
    const since = this.state.since;
    return since ? indicator.down({ message: `shutting down since ${since.toISOString()}` }) : indicator.up();
  }
}
