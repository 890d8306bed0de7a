import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ClientDirectoryModule } from '@portico/client-directory';
import { CompleteUploadHttpController } from './complete-upload/complete-upload.http.controller';
import { CompleteUploadService } from './complete-upload/complete-upload.service';
import { DeleteFileHttpController } from './delete-file/delete-file.http.controller';
import { DeleteFileService } from './delete-file/delete-file.service';
import { FileRepository } from './domain/file.repository';
import { DownloadFileHttpController } from './download-file/download-file.http.controller';
import { DownloadFileService } from './download-file/download-file.service';
import { FileAccess } from './file-access';
import { RecordTodoMessageController } from './file-requests/record-todo.message.controller';
import { TodoDirectory } from './file-requests/todo-directory';
import { TODO_MODEL, TodoSchema } from './file-requests/todo.schema';
import { GetFileHttpController } from './get-file/get-file.http.controller';
import { ListFilesHttpController } from './list-files/list-files.http.controller';
import { ListFilesService } from './list-files/list-files.service';
import { FileMongoRepository } from './persistence/file.mongo-repository';
import { FILE_MODEL, FileSchema } from './persistence/file.schema';
import { RenameFileHttpController } from './rename-file/rename-file.http.controller';
import { RenameFileService } from './rename-file/rename-file.service';
import { RequestUploadHttpController } from './request-upload/request-upload.http.controller';
import { RequestUploadService } from './request-upload/request-upload.service';
import { ShareFileHttpController } from './share-file/share-file.http.controller';
import { ShareFileService } from './share-file/share-file.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: FILE_MODEL, schema: FileSchema },
      { name: TODO_MODEL, schema: TodoSchema },
    ]),
    ClientDirectoryModule,
  ],
  controllers: [
    RequestUploadHttpController,
    CompleteUploadHttpController,
    ListFilesHttpController,
    GetFileHttpController,
    DownloadFileHttpController,
    ShareFileHttpController,
    RenameFileHttpController,
    DeleteFileHttpController,
    RecordTodoMessageController,
  ],
  providers: [
    RequestUploadService,
    CompleteUploadService,
    ListFilesService,
    DownloadFileService,
    ShareFileService,
    RenameFileService,
    DeleteFileService,
    FileAccess,
    TodoDirectory,
    { provide: FileRepository, useClass: FileMongoRepository },
  ],
})
export class FilesModule {}
