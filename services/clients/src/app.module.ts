import { Module } from '@nestjs/common';
import { AuthModule } from '@portico/auth';
import { EventsModule, MongoModule } from '@portico/platform';
import { ClientsModule } from './clients/clients.module';

@Module({
  imports: [MongoModule.forService('clients'), EventsModule.forService('clients'), AuthModule.fromConfig(), ClientsModule],
})
export class AppModule {}
