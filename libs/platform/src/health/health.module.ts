import { Controller, DynamicModule, Get, Global, Inject, Module, Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { consumerHealth } from './kafka.readiness';
import { Public } from '@portico/auth';
import { READINESS_INDICATORS, ReadinessIndicator } from './readiness';
import { LifecycleReadiness, ShutdownState } from './shutdown-state';

// Outside the global prefix (see bootstrap) so probes use the same paths on every service.
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(READINESS_INDICATORS) private readonly indicators: ReadinessIndicator[],
  ) {}

  /** The process is up and serving HTTP, and its Kafka consumer (if any) was not given up on. Never depends on another process. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([async () => consumerHealth(this.indicator, 'live')]);
  }

  /** Dependencies answer; 503 names the ones that do not. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(this.indicators.map((indicator) => () => indicator.check()));
  }
}

@Global()
@Module({})
export class HealthModule {
  static forIndicators(indicators: Type<ReadinessIndicator>[]): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController],
      providers: [
        ShutdownState,
        LifecycleReadiness,
        ...indicators,
        { provide: READINESS_INDICATORS, inject: [LifecycleReadiness, ...indicators], useFactory: (...instances: ReadinessIndicator[]) => instances },
      ],
      exports: [ShutdownState],
    };
  }
}
