import { Module } from '@nestjs/common';
import { AuthModule } from '@portico/auth';
import { MongoModule } from '@portico/platform';
import { AccountsModule } from './accounts/accounts.module';
import { SessionsModule } from './sessions/sessions.module';

// Identity verifies its own tokens (GET /me) like any other service: through its JWKS_URI.
@Module({
  imports: [MongoModule.forService('identity'), AuthModule.fromConfig(), AccountsModule, SessionsModule],
})
export class AppModule {}
