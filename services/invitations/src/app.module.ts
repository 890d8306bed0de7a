import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '@portico/auth';
import { APP_CONFIG } from '@portico/config';
import { getConnectionToken } from '@nestjs/mongoose';
import { EventsModule, MongoModule, MongoThrottlerStorage } from '@portico/platform';
import type { Connection } from 'mongoose';
import { ClientDirectoryModule } from '@portico/client-directory';
import { FirmsModule } from './firms/firms.module';
import type { InvitationsConfig } from './invitations.env';
import { InvitationsModule } from './invitations/invitations.module';

@Module({
  imports: [
    MongoModule.forService('invitations'),
    EventsModule.forService('invitations'),
    AuthModule.fromConfig(),
    // Only the public self-serve re-issue uses it (per IP; counted in MongoDB, so across
    // replicas). Named `default`, the one name for which the throttler's 429 carries a plain
    // Retry-After header.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, getConnectionToken()],
      useFactory: (config: InvitationsConfig, connection: Connection) => ({
        errorMessage: 'Too many requests for new invitation links, try again later',
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.REISSUE_RATE_LIMIT_PER_MINUTE }],
        storage: new MongoThrottlerStorage(connection),
      }),
    }),
    ClientDirectoryModule,
    FirmsModule,
    InvitationsModule,
  ],
})
export class AppModule {}
