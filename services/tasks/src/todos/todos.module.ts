import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ClientDirectoryModule } from '@portico/client-directory';
import { CompleteByUploadService } from './complete-by-upload/complete-by-upload.service';
import { FileUploadedMessageController } from './complete-by-upload/file-uploaded.message.controller';
import { CompleteTodoHttpController } from './complete-todo/complete-todo.http.controller';
import { CompleteTodoService } from './complete-todo/complete-todo.service';
import { CreateTodoHttpController } from './create-todo/create-todo.http.controller';
import { CreateTodoService } from './create-todo/create-todo.service';
import { TodoRepository } from './domain/todo.repository';
import { GetPortalTodoHttpController } from './get-portal-todo/get-portal-todo.http.controller';
import { GetTodoHttpController } from './get-todo/get-todo.http.controller';
import { ListClientTodosHttpController } from './list-client-todos/list-client-todos.http.controller';
import { ListClientTodosService } from './list-client-todos/list-client-todos.service';
import { ListPortalTodosHttpController } from './list-portal-todos/list-portal-todos.http.controller';
import { TodoMongoRepository } from './persistence/todo.mongo-repository';
import { TODO_MODEL, TodoSchema } from './persistence/todo.schema';
import { ReopenTodoHttpController } from './reopen-todo/reopen-todo.http.controller';
import { ReopenTodoService } from './reopen-todo/reopen-todo.service';
import { TodoUpdater } from './todo-updater';

@Module({
  imports: [MongooseModule.forFeature([{ name: TODO_MODEL, schema: TodoSchema }]), ClientDirectoryModule],
  controllers: [
    CreateTodoHttpController,
    ListClientTodosHttpController,
    GetTodoHttpController,
    ReopenTodoHttpController,
    ListPortalTodosHttpController,
    GetPortalTodoHttpController,
    CompleteTodoHttpController,
    FileUploadedMessageController,
  ],
  providers: [
    CreateTodoService,
    ListClientTodosService,
    ReopenTodoService,
    CompleteTodoService,
    CompleteByUploadService,
    TodoUpdater,
    { provide: TodoRepository, useClass: TodoMongoRepository },
  ],
})
export class TodosModule {}
