import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TokenSigner } from '@portico/auth';
import { APP_CONFIG } from '@portico/config';
import { AccountsModule } from '../accounts/accounts.module';
import { IdentityConfig } from '../identity.env';
import { ChangePasswordHttpController } from './change-password/change-password.http.controller';
import { ChangePasswordService } from './change-password/change-password.service';
import { RefreshSessionRepository } from './domain/refresh-session.repository';
import { EnterPortalHttpController } from './enter-portal/enter-portal.http.controller';
import { EnterPortalService } from './enter-portal/enter-portal.service';
import { JwksHttpController } from './jwks/jwks.http.controller';
import { LoginHttpController } from './login/login.http.controller';
import { LoginService } from './login/login.service';
import { LogoutAllHttpController } from './logout-all/logout-all.http.controller';
import { RefreshSessionMongoRepository } from './persistence/refresh-session.mongo-repository';
import { REFRESH_SESSION_MODEL, RefreshSessionSchema } from './persistence/refresh-session.schema';
import { RefreshHttpController } from './refresh/refresh.http.controller';
import { RefreshService } from './refresh/refresh.service';
import { RefreshTokenRotation } from './refresh-token-rotation';
import { SessionIssuer } from './session-issuer';

@Module({
  imports: [AccountsModule, MongooseModule.forFeature([{ name: REFRESH_SESSION_MODEL, schema: RefreshSessionSchema }])],
  controllers: [
    LoginHttpController,
    RefreshHttpController,
    EnterPortalHttpController,
    JwksHttpController,
    ChangePasswordHttpController,
    LogoutAllHttpController,
  ],
  providers: [
    {
      provide: TokenSigner,
      inject: [APP_CONFIG],
      useFactory: (config: IdentityConfig) =>
        new TokenSigner({
          privateKeyPem: config.JWT_PRIVATE_KEY,
          keyId: config.JWT_KEY_ID,
          previousKey:
            config.JWT_PREVIOUS_PUBLIC_KEY && config.JWT_PREVIOUS_KEY_ID
              ? { publicKeyPem: config.JWT_PREVIOUS_PUBLIC_KEY, keyId: config.JWT_PREVIOUS_KEY_ID }
              : undefined,
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
          ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
        }),
    },
    { provide: RefreshSessionRepository, useClass: RefreshSessionMongoRepository },
    RefreshTokenRotation,
    SessionIssuer,
    LoginService,
    RefreshService,
    EnterPortalService,
    ChangePasswordService,
  ],
  exports: [SessionIssuer],
})
export class SessionsModule {}
