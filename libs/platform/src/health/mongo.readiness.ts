import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Connection, ConnectionStates } from 'mongoose';
import { errorMessage, ReadinessIndicator, withTimeout } from './readiness';

@Injectable()
export class MongoReadiness implements ReadinessIndicator {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('mongo');
    // Not connected: answer at once instead of waiting for server selection to time out.
    if (this.connection.readyState !== ConnectionStates.connected || !this.connection.db) {
      return indicator.down({ message: `not connected (${ConnectionStates[this.connection.readyState]})` });
    }
    try {
      await withTimeout(this.connection.db.admin().ping(), 2000, 'MongoDB ping');
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: errorMessage(error) });
    }
  }
}
