import { Injectable, Logger } from '@nestjs/common';
import type { EventOrigin } from '@portico/contracts';
import { Completer } from '../domain/todo';
import { TodoRepository } from '../domain/todo.repository';
import { todoCompleted } from '../todo.events';
import { TodoUpdater } from '../todo-updater';

/** A file uploaded for a to-do, as the files service reports it. */
export interface UploadForTodo {
  firmId: string;
  clientId: string;
  todoId: string;
  fileId: string;
  uploadedBy: Completer;
  uploadedAt: Date;
}

/**
 * An upload answering a file request completes it (completed by the uploader, at the upload's
 * time). Anything else changes nothing and is logged: a to-do that is not that client's in that
 * firm, one that is not a file request, one completed already, or an upload that completed it
 * before a reopen (a redelivery). Retrying would not change any of these, so none is an error.
 */
@Injectable()
export class CompleteByUploadService {
  private readonly logger = new Logger(CompleteByUploadService.name);

  constructor(
    private readonly todos: TodoRepository,
    private readonly updater: TodoUpdater,
  ) {}

  async execute({ firmId, clientId, todoId, fileId, uploadedBy, uploadedAt }: UploadForTodo, origin: EventOrigin): Promise<void> {
    const result = await this.updater.apply(
      () => this.todos.findById(firmId, todoId, clientId),
      (todo) => todo.completeWithFile(fileId, uploadedBy, uploadedAt),
      (todo) => [todoCompleted(todo, origin)],
    );
    if (!result) {
      this.logger.warn(`Upload ${fileId} names to-do ${todoId}, which is not one of client ${clientId} in firm ${firmId}: ignored`);
    } else if (!result.changed) {
      const { status, requiresFile } = result.todo.props;
      this.logger.log(`Upload ${fileId} leaves to-do ${todoId} as it is (${status}, ${requiresFile ? 'a file request' : 'not a file request'})`);
    }
  }
}
