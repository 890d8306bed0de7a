import { DynamicModule, Inject, Module } from '@nestjs/common';
import { z } from 'zod';
import { EnvSource, loadConfig } from './load-config';

/** Injection token of the validated configuration object. */
export const APP_CONFIG = 'PORTICO_APP_CONFIG';

/** `constructor(@InjectConfig() config: ClientsConfig)` */
export const InjectConfig = (): ParameterDecorator => Inject(APP_CONFIG);

@Module({})
export class ConfigModule {
  /** Validates now (throws ConfigError) and provides the result globally under APP_CONFIG. */
  static forRoot<S extends z.ZodObject>(schema: S, env: EnvSource = process.env): DynamicModule {
    return ConfigModule.forValue(loadConfig(schema, env));
  }

  /** Provides an already validated configuration (the bootstrap validates before Nest starts). */
  static forValue(config: object): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
