import { Injectable } from '@nestjs/common';
import { ClientDirectory } from '@portico/client-directory';
import { Todo } from '../domain/todo';
import { StatusFilter, TodoRepository } from '../domain/todo.repository';

@Injectable()
export class ListClientTodosService {
  constructor(
    private readonly directory: ClientDirectory,
    private readonly todos: TodoRepository,
  ) {}

  /** The client's to-dos, newest first; undefined when the firm has no such client. */
  async execute(firmId: string, clientId: string, status: StatusFilter): Promise<Todo[] | undefined> {
    if (!(await this.directory.find(firmId, clientId))) return undefined;
    return this.todos.list(firmId, clientId, { status });
  }
}
