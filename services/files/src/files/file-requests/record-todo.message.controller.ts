import { Controller } from '@nestjs/common';
import { TodoCreated, type EnvelopeOf } from '@portico/contracts';
import { OnEvent } from '@portico/messaging';
import { TodoDirectory } from './todo-directory';

@Controller()
export class RecordTodoMessageController {
  constructor(private readonly todos: TodoDirectory) {}

  @OnEvent(TodoCreated)
  async created(event: EnvelopeOf<typeof TodoCreated>): Promise<void> {
    const { todoId, clientId, requiresFile } = event.payload;
    await this.todos.record({ _id: todoId, firmId: event.firmId, clientId, requiresFile });
  }
}
