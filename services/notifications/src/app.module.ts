import { Module } from '@nestjs/common';
import { AuthModule } from '@portico/auth';
import { EventsModule, MongoModule } from '@portico/platform';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { TemplatesModule } from './templates/templates.module';

@Module({
  imports: [MongoModule.forService('notifications'), EventsModule.forService('notifications'), AuthModule.fromConfig(), TemplatesModule, DeliveriesModule],
})
export class AppModule {}
