import { Module } from '@nestjs/common';
import { AuthModule } from '@portico/auth';
import { EventsModule, MongoModule } from '@portico/platform';
import { ClientDirectoryModule } from './client-directory/client-directory.module';

@Module({
  imports: [MongoModule.forService('invitations'), EventsModule.forService('invitations'), AuthModule.fromConfig(), ClientDirectoryModule],
})
export class AppModule {}
