import { outboxPlugin, type OutboxFields } from '@portico/outbox';
import { Schema } from 'mongoose';
import { ASSIGNEE_KINDS, TODO_STATUSES, TodoStatus } from '../domain/todo';

export const TODO_MODEL = 'Todo';

/** The assignee flattened (contactId null for the client), so the portal's filter is one equality per field. */
export interface AssigneeDocument {
  kind: 'client' | 'contact';
  contactId: string | null;
}

export interface CompleterDocument {
  userId: string;
  role: 'staff' | 'client';
  contactId: string | null;
}

export interface TodoDocument extends Partial<OutboxFields> {
  _id: string;
  firmId: string;
  clientId: string;
  title: string;
  description: string | null;
  dueDate: string | null;
  requiresFile: boolean;
  assignee: AssigneeDocument;
  status: TodoStatus;
  createdAt: Date;
  createdBy: string;
  completedAt: Date | null;
  completedBy: CompleterDocument | null;
  fileId: string | null;
  completingFileIds: string[];
  revision: number;
}

const AssigneeSchema = new Schema<AssigneeDocument>(
  {
    kind: { type: String, enum: ASSIGNEE_KINDS, required: true },
    contactId: { type: String, default: null },
  },
  { _id: false },
);

const CompleterSchema = new Schema<CompleterDocument>(
  {
    userId: { type: String, required: true },
    role: { type: String, enum: ['staff', 'client'], required: true },
    contactId: { type: String, default: null },
  },
  { _id: false },
);

export const TodoSchema = new Schema<TodoDocument>(
  {
    _id: { type: String, required: true },
    firmId: { type: String, required: true },
    clientId: { type: String, required: true },
    title: { type: String, required: true },
    description: { type: String, default: null },
    dueDate: { type: String, default: null },
    requiresFile: { type: Boolean, required: true },
    assignee: { type: AssigneeSchema, required: true },
    status: { type: String, enum: TODO_STATUSES, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    completedAt: { type: Date, default: null },
    completedBy: { type: CompleterSchema, default: null },
    fileId: { type: String, default: null },
    completingFileIds: { type: [String], default: [] },
    revision: { type: Number, required: true },
  },
  { collection: 'todos', versionKey: false },
);

TodoSchema.plugin(outboxPlugin);

// Every list is one client's to-dos of a firm, newest (_id, UUIDv7) first; a status filter and
// the portal's assignee filter narrow the same run.
TodoSchema.index({ firmId: 1, clientId: 1, _id: -1 });
