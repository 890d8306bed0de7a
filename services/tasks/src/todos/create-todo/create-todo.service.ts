import { Injectable } from '@nestjs/common';
import { ClientDirectory } from '@portico/client-directory';
import { NewTodo, Todo } from '../domain/todo';
import { TodoRepository } from '../domain/todo.repository';
import { todoCreated } from '../todo.events';

export type CreateTodoOutcome = { kind: 'created'; todo: Todo } | { kind: 'clientNotFound' } | { kind: 'contactNotFound' };

@Injectable()
export class CreateTodoService {
  constructor(
    private readonly directory: ClientDirectory,
    private readonly todos: TodoRepository,
  ) {}

  /** The client must be one of the firm's, and a contact assignee one of that client's linked contacts. */
  async execute(input: NewTodo, correlationId: string): Promise<CreateTodoOutcome> {
    const client = await this.directory.find(input.firmId, input.clientId);
    if (!client) return { kind: 'clientNotFound' };
    const { assignee } = input;
    if (assignee.kind === 'contact' && !client.contacts.some((contact) => contact.contactId === assignee.contactId)) return { kind: 'contactNotFound' };
    const todo = Todo.create(input);
    await this.todos.insert(todo, [todoCreated(todo, { firmId: input.firmId, correlationId })]);
    return { kind: 'created', todo };
  }
}
