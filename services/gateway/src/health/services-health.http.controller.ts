import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '@portico/auth';
import { ServicesReadiness } from './services.readiness';

/**
 * The readiness of every service the gateway routes to, for people and dashboards. Not the
 * gateway's own readiness (`/health/ready`): one service down must not take the whole API out
 * of its load balancer, since requests to every other service still work.
 */
@ApiExcludeController()
@Public()
@Controller('health')
export class ServicesHealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly services: ServicesReadiness,
  ) {}

  /** 200 when every service is ready, else 503; each service listed either way. */
  @Get('services')
  @HealthCheck()
  downstream() {
    return this.health.check([() => this.services.check()]);
  }
}
