import type { PortalScope } from '@portico/auth';
import type { EventEnvelope } from '@portico/contracts';
import type { PortalPerson, Todo, TodoStatus } from './todo';

export const STATUS_FILTERS = ['open', 'completed', 'all'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface TodoListQuery {
  status: StatusFilter;
  /** Only the to-dos assigned to this person of the client's portal. */
  assignedTo?: PortalPerson;
}

export const matchesStatus = (status: TodoStatus, filter: StatusFilter): boolean => filter === 'all' || filter === status;

/** Persistence port. Every read takes the firm: no query can cross tenants by omission. */
export abstract class TodoRepository {
  /** Stores the to-do and the events its creation caused, in one write (outbox). */
  abstract insert(todo: Todo, events: EventEnvelope[]): Promise<void>;

  /**
   * Stores the to-do's new state and its events in one write, provided the stored revision is
   * still `todo.props.revision`. Returns the stored to-do (next revision), or undefined when
   * another write came first.
   */
  abstract update(todo: Todo, events: EventEnvelope[]): Promise<Todo | undefined>;

  /** The firm's to-do; with `clientId`, only when it is that client's. */
  abstract findById(firmId: string, todoId: string, clientId?: string): Promise<Todo | undefined>;

  /** A client's to-dos, newest first. */
  abstract list(firmId: string, clientId: string, query: TodoListQuery): Promise<Todo[]>;

  /** The to-do when it is the portal caller's: their firm, their client, assigned to them. */
  async findForPortal(scope: PortalScope, todoId: string): Promise<Todo | undefined> {
    const todo = await this.findById(scope.firmId, todoId, scope.clientId);
    return todo?.isAssignedTo(scope) ? todo : undefined;
  }
}
