import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@portico/contracts';
import { Todo } from './domain/todo';
import { ConcurrentTodoChangeError } from './domain/todo.errors';
import { TodoRepository } from './domain/todo.repository';
import { changeOptimistically, unlessSame } from '@portico/mongo';

export interface TodoChange {
  todo: Todo;
  /** False when the change left the to-do as it was: nothing was written or emitted. */
  changed: boolean;
}

/**
 * Read-change-write of one to-do with optimistic concurrency: a portal completion, an upload
 * and a staff reopen may race on the same document; each write is conditioned on the revision
 * it read, so none overwrites another and each event describes the state it was stored with.
 */
@Injectable()
export class TodoUpdater {
  static readonly MAX_ATTEMPTS = 5;

  constructor(private readonly todos: TodoRepository) {}

  /**
   * Applies `change` to what `find` reads and stores the result with `eventsFor(result)`.
   * `change` may run again on the fresh state after a lost race. Undefined when `find` finds nothing.
   */
  async apply(
    find: () => Promise<Todo | undefined>,
    change: (todo: Todo) => Todo,
    eventsFor: (todo: Todo) => EventEnvelope[],
  ): Promise<TodoChange | undefined> {
    let last: Todo | undefined;
    const result = await changeOptimistically({
      read: async () => (last = await find()),
      decide: (current) => unlessSame(current, change(current)),
      write: (_, next) => this.todos.update(next, eventsFor(next)),
      attempts: TodoUpdater.MAX_ATTEMPTS,
      exhausted: () => new ConcurrentTodoChangeError(last!.id),
    });
    if (result.kind === 'missing') return undefined;
    return result.kind === 'written' ? { todo: result.stored, changed: true } : { todo: result.current, changed: false };
  }
}
