import { z } from 'zod';
import { defineEvent } from '../define-event';
import { Topics } from '../topics';
import { Id } from './fields';

/** Who a to-do is for: the client themself, or one of their linked contacts. */
const assignee = z.discriminatedUnion('kind', [z.object({ kind: z.literal('client') }), z.object({ kind: z.literal('contact'), contactId: Id })]);

export const TodoCreated = defineEvent({
  type: 'TodoCreated',
  version: 1,
  topic: Topics.tasksTodo.name,
  key: (p) => p.todoId,
  payload: z.object({
    todoId: Id,
    clientId: Id,
    title: z.string().trim().min(1).max(200),
    dueDate: z.iso.date().nullable(),
    /** A file-request to-do completes when a file is uploaded for it. */
    requiresFile: z.boolean(),
    assignee,
    /** Staff user id. */
    createdBy: Id,
  }),
  description: 'Staff created a to-do (or a file request) for a client or one of their linked contacts.',
});

export const TodoCompleted = defineEvent({
  type: 'TodoCompleted',
  version: 1,
  topic: Topics.tasksTodo.name,
  key: (p) => p.todoId,
  payload: z.object({
    todoId: Id,
    clientId: Id,
    /** The login that completed it (the client, a linked contact, or staff on their behalf). */
    completedBy: z.object({ userId: Id, role: z.enum(['staff', 'client']), contactId: Id.nullable() }),
    completedAt: z.iso.datetime(),
    /** Set when the to-do was a file request completed by this upload. */
    fileId: Id.nullable(),
  }),
  description: 'A to-do was completed; a file request completes when its file is uploaded.',
});

export const TodoReopened = defineEvent({
  type: 'TodoReopened',
  version: 1,
  topic: Topics.tasksTodo.name,
  key: (p) => p.todoId,
  payload: z.object({ todoId: Id, clientId: Id, reopenedBy: Id }),
  description: 'Staff reopened a completed to-do (for example, the uploaded file was not the right one).',
});
