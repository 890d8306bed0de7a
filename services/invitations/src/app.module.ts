import { Module } from '@nestjs/common';
import { AuthModule } from '@portico/auth';
import { EventsModule, MongoModule } from '@portico/platform';
import { ClientDirectoryModule } from '@portico/client-directory';
import { FirmsModule } from './firms/firms.module';
import { InvitationsModule } from './invitations/invitations.module';

@Module({
  imports: [
    MongoModule.forService('invitations'),
    EventsModule.forService('invitations'),
    AuthModule.fromConfig(),
    ClientDirectoryModule,
    FirmsModule,
    InvitationsModule,
  ],
})
export class AppModule {}
