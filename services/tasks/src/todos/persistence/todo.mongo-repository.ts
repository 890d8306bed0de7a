import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model, type QueryFilter } from 'mongoose';
import { Assignee, Todo } from '../domain/todo';
import { TodoListQuery, TodoRepository } from '../domain/todo.repository';
import { AssigneeDocument, TODO_MODEL, TodoDocument } from './todo.schema';

const assigneeToDocument = (assignee: Assignee): AssigneeDocument => ({
  kind: assignee.kind,
  contactId: assignee.kind === 'contact' ? assignee.contactId : null,
});

const assigneeToDomain = ({ kind, contactId }: AssigneeDocument): Assignee =>
  kind === 'contact' && contactId !== null ? { kind, contactId } : { kind: 'client' };

const toDocument = ({ props }: Todo): TodoDocument => ({
  _id: props.id,
  firmId: props.firmId,
  clientId: props.clientId,
  title: props.title,
  description: props.description,
  dueDate: props.dueDate,
  requiresFile: props.requiresFile,
  assignee: assigneeToDocument(props.assignee),
  status: props.status,
  createdAt: props.createdAt,
  createdBy: props.createdBy,
  completedAt: props.completedAt,
  completedBy: props.completedBy && { ...props.completedBy },
  fileId: props.fileId,
  completingFileIds: [...props.completingFileIds],
  revision: props.revision,
});

const toDomain = (doc: TodoDocument): Todo =>
  Todo.restore({
    id: doc._id,
    firmId: doc.firmId,
    clientId: doc.clientId,
    title: doc.title,
    description: doc.description,
    dueDate: doc.dueDate,
    requiresFile: doc.requiresFile,
    assignee: assigneeToDomain(doc.assignee),
    status: doc.status,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    completedAt: doc.completedAt,
    completedBy: doc.completedBy && { userId: doc.completedBy.userId, role: doc.completedBy.role, contactId: doc.completedBy.contactId },
    fileId: doc.fileId,
    completingFileIds: doc.completingFileIds,
    revision: doc.revision,
  });

@Injectable()
export class TodoMongoRepository extends TodoRepository implements OnModuleInit {
  constructor(
    @InjectModel(TODO_MODEL) private readonly todos: Model<TodoDocument>,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.register(this.todos);
  }

  async insert(todo: Todo, events: EventEnvelope[]): Promise<void> {
    await this.todos.create({ ...toDocument(todo), outbox: events });
    this.relay.nudge();
  }

  async update(todo: Todo, events: EventEnvelope[]): Promise<Todo | undefined> {
    const { _id, firmId, clientId, createdAt: _createdAt, ...state } = toDocument(todo);
    const revision = todo.props.revision + 1;
    // The state and its events in one conditional single-document write (outbox).
    const result = await this.todos
      .updateOne({ _id, firmId, clientId, revision: todo.props.revision }, withEvents({ $set: { ...state, revision } }, events))
      .exec();
    if (result.matchedCount === 0) return undefined;
    if (events.length > 0) this.relay.nudge();
    return Todo.restore({ ...todo.props, revision });
  }

  async findById(firmId: string, todoId: string, clientId?: string): Promise<Todo | undefined> {
    const filter: QueryFilter<TodoDocument> = { _id: todoId, firmId };
    if (clientId !== undefined) filter.clientId = clientId;
    const doc = await this.todos.findOne(filter).lean<TodoDocument>().exec();
    return doc ? toDomain(doc) : undefined;
  }

  async list(firmId: string, clientId: string, { status, assignedTo }: TodoListQuery): Promise<Todo[]> {
    const filter: QueryFilter<TodoDocument> = { firmId, clientId };
    if (status !== 'all') filter.status = status;
    if (assignedTo) {
      filter['assignee.kind'] = assignedTo.contactId === null ? 'client' : 'contact';
      filter['assignee.contactId'] = assignedTo.contactId;
    }
    const docs = await this.todos.find(filter).sort({ _id: -1 }).lean<TodoDocument[]>().exec();
    return docs.map(toDomain);
  }
}
