import { createEvent, TodoCompleted, TodoCreated, TodoReopened, type EnvelopeOf, type EventOrigin } from '@portico/contracts';
import type { Todo } from './domain/todo';

export function todoCreated({ props }: Todo, origin: EventOrigin): EnvelopeOf<typeof TodoCreated> {
  const { id: todoId, clientId, title, dueDate, requiresFile, assignee, createdBy } = props;
  return createEvent(TodoCreated, { todoId, clientId, title, dueDate, requiresFile, assignee, createdBy }, origin);
}

export function todoCompleted({ props }: Todo, origin: EventOrigin): EnvelopeOf<typeof TodoCompleted> {
  const { id: todoId, clientId, completedBy, completedAt, fileId } = props;
  if (!completedBy || !completedAt) throw new Error(`To-do ${todoId} is not completed`);
  return createEvent(TodoCompleted, { todoId, clientId, completedBy, completedAt: completedAt.toISOString(), fileId }, origin);
}

export function todoReopened({ props }: Todo, reopenedBy: string, origin: EventOrigin): EnvelopeOf<typeof TodoReopened> {
  return createEvent(TodoReopened, { todoId: props.id, clientId: props.clientId, reopenedBy }, origin);
}
