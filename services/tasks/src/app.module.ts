import { Module } from '@nestjs/common';
import { AuthModule } from '@portico/auth';
import { MongoModule } from '@portico/platform';

// Bootable shell: database, token verification, health and OpenAPI; no endpoints yet.
@Module({
  imports: [MongoModule.forService('tasks'), AuthModule.fromConfig()],
})
export class AppModule {}
