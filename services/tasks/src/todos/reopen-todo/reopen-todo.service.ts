import { Injectable } from '@nestjs/common';
import { Todo } from '../domain/todo';
import { TodoRepository } from '../domain/todo.repository';
import { todoReopened } from '../todo.events';
import { TodoUpdater } from '../todo-updater';

@Injectable()
export class ReopenTodoService {
  constructor(
    private readonly todos: TodoRepository,
    private readonly updater: TodoUpdater,
  ) {}

  /** Reopens a completed to-do (TodoReopened); an open one stays as it is. Undefined when the firm has no such to-do. */
  async execute(firmId: string, todoId: string, reopenedBy: string, correlationId: string): Promise<Todo | undefined> {
    const result = await this.updater.apply(
      () => this.todos.findById(firmId, todoId),
      (todo) => todo.reopen(),
      (todo) => [todoReopened(todo, reopenedBy, { firmId, correlationId })],
    );
    return result?.todo;
  }
}
