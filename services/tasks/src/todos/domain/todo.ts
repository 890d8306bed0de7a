import { v7 as uuidv7 } from 'uuid';
import { FileRequiredError } from './todo.errors';

export const TODO_STATUSES = ['open', 'completed'] as const;
export type TodoStatus = (typeof TODO_STATUSES)[number];

export const ASSIGNEE_KINDS = ['client', 'contact'] as const;

/** Who a to-do is for: the client themself, or one of their linked contacts. */
export type Assignee = { kind: 'client' } | { kind: 'contact'; contactId: string };

/** A person of a client's portal: the client themself (`contactId` null) or a linked contact. */
export interface PortalPerson {
  contactId: string | null;
}

/** The login that completed a to-do (the uploader, for a file request). */
export interface Completer {
  userId: string;
  role: 'staff' | 'client';
  contactId: string | null;
}

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;

export interface TodoProps {
  id: string;
  firmId: string;
  clientId: string;
  title: string;
  description: string | null;
  /** A calendar day, `YYYY-MM-DD`. */
  dueDate: string | null;
  /** A file request: completes when a file is uploaded for it, never by hand. */
  requiresFile: boolean;
  assignee: Assignee;
  status: TodoStatus;
  createdAt: Date;
  /** Staff user id. */
  createdBy: string;
  completedAt: Date | null;
  completedBy: Completer | null;
  /** The upload that completed a file request. */
  fileId: string | null;
  /** Every upload that ever completed it: a redelivered upload does not complete it again after a reopen. */
  completingFileIds: readonly string[];
  /** Counts the stored writes: a write based on an older revision is refused (optimistic concurrency). */
  revision: number;
}

export interface NewTodo {
  firmId: string;
  clientId: string;
  title: string;
  description?: string | null;
  dueDate?: string | null;
  requiresFile?: boolean;
  assignee: Assignee;
  createdBy: string;
}

function checkedTitle(title: string): string {
  const trimmed = title.trim();
  if (!trimmed || trimmed.length > TITLE_MAX) throw new Error(`A to-do needs a title of 1 to ${TITLE_MAX} characters`);
  return trimmed;
}

/** A blank description is no description. */
function checkedDescription(description: string | null | undefined): string | null {
  const trimmed = description?.trim();
  if (!trimmed) return null;
  if (trimmed.length > DESCRIPTION_MAX) throw new Error(`A to-do description has at most ${DESCRIPTION_MAX} characters`);
  return trimmed;
}

/**
 * A to-do (or a file request) staff set for a client or one of their linked contacts.
 * Immutable: a change returns a new Todo, or the same instance when nothing changes (callers
 * then skip the write and the event).
 */
export class Todo {
  private constructor(readonly props: Readonly<TodoProps>) {}

  static create(input: NewTodo, now = new Date()): Todo {
    return new Todo({
      // UUIDv7: time-ordered, so listing by id lists by creation.
      id: uuidv7(),
      firmId: input.firmId,
      clientId: input.clientId,
      title: checkedTitle(input.title),
      description: checkedDescription(input.description),
      dueDate: input.dueDate ?? null,
      requiresFile: input.requiresFile ?? false,
      assignee: input.assignee,
      status: 'open',
      createdAt: now,
      createdBy: input.createdBy,
      completedAt: null,
      completedBy: null,
      fileId: null,
      completingFileIds: [],
      revision: 0,
    });
  }

  static restore(props: TodoProps): Todo {
    return new Todo(props);
  }

  get id(): string {
    return this.props.id;
  }

  /** The client themself sees what is assigned to the client; a linked contact what is assigned to them. */
  isAssignedTo(person: PortalPerson): boolean {
    const { assignee } = this.props;
    return assignee.kind === 'client' ? person.contactId === null : assignee.contactId === person.contactId;
  }

  /** Completing by hand. Done already: unchanged (the first completion is kept). */
  complete(by: Completer, now = new Date()): Todo {
    if (this.props.status === 'completed') return this;
    if (this.props.requiresFile) throw new FileRequiredError(this.id);
    return this.with({ status: 'completed', completedAt: now, completedBy: by, fileId: null });
  }

  /**
   * An upload for this to-do completes it when it is an open file request and this upload has
   * not completed it before; anything else leaves it unchanged.
   */
  completeWithFile(fileId: string, by: Completer, at: Date): Todo {
    const { requiresFile, status, completingFileIds } = this.props;
    if (!requiresFile || status === 'completed' || completingFileIds.includes(fileId)) return this;
    return this.with({ status: 'completed', completedAt: at, completedBy: by, fileId, completingFileIds: [...completingFileIds, fileId] });
  }

  /** Back to open (e.g. the uploaded file was not the right one). Open already: unchanged. */
  reopen(): Todo {
    if (this.props.status === 'open') return this;
    return this.with({ status: 'open', completedAt: null, completedBy: null, fileId: null });
  }

  private with(changes: Partial<TodoProps>): Todo {
    return new Todo({ ...this.props, ...changes });
  }
}
