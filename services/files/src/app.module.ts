import { Module } from '@nestjs/common';
import { AuthModule } from '@portico/auth';
import { EventsModule, MongoModule } from '@portico/platform';
import { FilesModule } from './files/files.module';
import { StorageModule } from './storage/storage.module';

@Module({
  imports: [MongoModule.forService('files'), EventsModule.forService('files'), AuthModule.fromConfig(), StorageModule, FilesModule],
})
export class AppModule {}
