import { Controller, DynamicModule, Get, Inject, Module, Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Public } from '@portico/auth';
import { READINESS_INDICATORS, ReadinessIndicator } from './readiness';

// Outside the global prefix (see bootstrap) so probes use the same paths on every service.
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_INDICATORS) private readonly indicators: ReadinessIndicator[],
  ) {}

  /** The process is up and serving HTTP. Never depends on anything else. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Dependencies answer; 503 names the ones that do not. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(this.indicators.map((indicator) => () => indicator.check()));
  }
}

@Module({})
export class HealthModule {
  static forIndicators(indicators: Type<ReadinessIndicator>[]): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController],
      providers: [
        ...indicators,
        { provide: READINESS_INDICATORS, inject: indicators, useFactory: (...instances: ReadinessIndicator[]) => instances },
      ],
    };
  }
}
