import { Module } from '@nestjs/common';
import { AuthModule } from '@portico/auth';
import { EventsModule, MongoModule } from '@portico/platform';
import { BillingModule } from './billing/billing.module';

@Module({
  imports: [MongoModule.forService('billing'), EventsModule.forService('billing'), AuthModule.fromConfig(), BillingModule],
})
export class AppModule {}
