import { Module } from '@nestjs/common';
import { AuthModule } from '@portico/auth';
import { EventsModule, MongoModule } from '@portico/platform';
import { TodosModule } from './todos/todos.module';

@Module({
  imports: [MongoModule.forService('tasks'), EventsModule.forService('tasks'), AuthModule.fromConfig(), TodosModule],
})
export class AppModule {}
