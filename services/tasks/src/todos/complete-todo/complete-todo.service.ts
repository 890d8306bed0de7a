import { Injectable } from '@nestjs/common';
import type { PortalScope } from '@portico/auth';
import { Todo } from '../domain/todo';
import { TodoRepository } from '../domain/todo.repository';
import { todoCompleted } from '../todo.events';
import { TodoUpdater } from '../todo-updater';

@Injectable()
export class CompleteTodoService {
  constructor(
    private readonly todos: TodoRepository,
    private readonly updater: TodoUpdater,
  ) {}

  /**
   * The portal caller completes a to-do assigned to them (TodoCompleted); a completed one is
   * returned as it is. Throws FileRequiredError for a file request. Undefined when it is not theirs.
   */
  async execute(scope: PortalScope, userId: string, todoId: string, correlationId: string): Promise<Todo | undefined> {
    const result = await this.updater.apply(
      () => this.todos.findForPortal(scope, todoId),
      (todo) => todo.complete({ userId, role: 'client', contactId: scope.contactId }),
      (todo) => [todoCompleted(todo, { firmId: scope.firmId, correlationId })],
    );
    return result?.todo;
  }
}
