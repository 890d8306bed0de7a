import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '@portico/auth';
import { APP_CONFIG } from '@portico/config';
import { EventsModule, MongoModule } from '@portico/platform';
import { ClientDirectoryModule } from '@portico/client-directory';
import { FirmsModule } from './firms/firms.module';
import type { InvitationsConfig } from './invitations.env';
import { InvitationsModule } from './invitations/invitations.module';

@Module({
  imports: [
    MongoModule.forService('invitations'),
    EventsModule.forService('invitations'),
    AuthModule.fromConfig(),
    // Only the public self-serve re-issue uses it (per IP; in memory, so per replica). Named
    // `default`, the one name for which the throttler's 429 carries a plain Retry-After header.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: InvitationsConfig) => ({
        errorMessage: 'Too many requests for new invitation links, try again later',
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.REISSUE_RATE_LIMIT_PER_MINUTE }],
      }),
    }),
    ClientDirectoryModule,
    FirmsModule,
    InvitationsModule,
  ],
})
export class AppModule {}
