import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '@portico/auth';
import { APP_CONFIG } from '@portico/config';
import { getConnectionToken } from '@nestjs/mongoose';
import { EventsModule, MongoModule, MongoThrottlerStorage } from '@portico/platform';
import type { Connection } from 'mongoose';
import { AccountsModule } from './accounts/accounts.module';
import type { IdentityConfig } from './identity.env';
import { InvitationGrantsModule } from './invitation-grants/invitation-grants.module';
import { rateLimits } from './rate-limits';
import { SessionsModule } from './sessions/sessions.module';

// Identity verifies its own tokens (GET /me) like any other service: through its JWKS_URI.
@Module({
  imports: [
    MongoModule.forService('identity'),
    EventsModule.forService('identity'),
    AuthModule.fromConfig(),
    // Counted in MongoDB, so the limits hold across replicas.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, getConnectionToken()],
      useFactory: (config: IdentityConfig, connection: Connection) => ({
        ...rateLimits({ login: config.LOGIN_RATE_LIMIT_PER_MINUTE, invitation: config.INVITATION_RATE_LIMIT_PER_MINUTE }),
        storage: new MongoThrottlerStorage(connection),
      }),
    }),
    AccountsModule,
    SessionsModule,
    InvitationGrantsModule,
  ],
})
export class AppModule {}
