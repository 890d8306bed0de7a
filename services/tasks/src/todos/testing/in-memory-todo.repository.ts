import type { EventEnvelope } from '@portico/contracts';
import { Todo } from '../domain/todo';
import { matchesStatus, TodoListQuery, TodoRepository } from '../domain/todo.repository';

/**
 * The repository port in memory, for unit tests of the use cases: the same optimistic
 * revision check as the MongoDB one, and the events each write carried.
 */
export class InMemoryTodoRepository extends TodoRepository {
  readonly stored = new Map<string, Todo>();
  readonly events: EventEnvelope[] = [];
  /** Runs before each update is checked, e.g. to make another write win the race. */
  beforeUpdate: (() => void) | undefined;

  async insert(todo: Todo, events: EventEnvelope[]): Promise<void> {
    this.stored.set(todo.id, todo);
    this.events.push(...events);
  }

  async update(todo: Todo, events: EventEnvelope[]): Promise<Todo | undefined> {
    this.beforeUpdate?.();
    const current = this.stored.get(todo.id);
    if (!current || current.props.revision !== todo.props.revision) return undefined;
    const next = Todo.restore({ ...todo.props, revision: todo.props.revision + 1 });
    this.stored.set(todo.id, next);
    this.events.push(...events);
    return next;
  }

  async findById(firmId: string, todoId: string, clientId?: string): Promise<Todo | undefined> {
    const todo = this.stored.get(todoId);
    return todo?.props.firmId === firmId && (clientId === undefined || todo.props.clientId === clientId) ? todo : undefined;
  }

  async list(firmId: string, clientId: string, { status, assignedTo }: TodoListQuery): Promise<Todo[]> {
    return [...this.stored.values()]
      .filter(({ props }) => props.firmId === firmId && props.clientId === clientId && matchesStatus(props.status, status))
      .filter((todo) => !assignedTo || todo.isAssignedTo(assignedTo))
      .sort((a, b) => b.id.localeCompare(a.id));
  }
}
