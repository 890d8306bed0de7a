import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, BaseServiceConfig } from '@portico/config';
import { JwtAuthGuard, RolesGuard } from './guards';
import { AUTH_OPTIONS, AuthOptions, JwtStrategy } from './jwt.strategy';

type JwtVerifyConfig = Pick<BaseServiceConfig, 'JWKS_URI' | 'JWT_ISSUER' | 'JWT_AUDIENCE'>;

@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return AuthModule.build({ provide: AUTH_OPTIONS, useValue: options });
  }

  /** Reads JWKS_URI / JWT_ISSUER / JWT_AUDIENCE from the service configuration (jwtVerifyEnv). */
  static fromConfig(): DynamicModule {
    return AuthModule.build({
      provide: AUTH_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: JwtVerifyConfig): AuthOptions => ({ jwksUri: config.JWKS_URI, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }),
    });
  }

  private static build(optionsProvider: Provider): DynamicModule {
    return {
      module: AuthModule,
      imports: [PassportModule],
      // Order matters: Nest runs global guards in registration order (authenticate, then authorize).
      providers: [optionsProvider, JwtStrategy, { provide: APP_GUARD, useClass: JwtAuthGuard }, { provide: APP_GUARD, useClass: RolesGuard }],
    };
  }
}
