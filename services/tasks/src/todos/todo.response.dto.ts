import { ApiProperty } from '@nestjs/swagger';
import { ASSIGNEE_KINDS, Assignee, Completer, Todo, TODO_STATUSES, TodoStatus } from './domain/todo';

export class AssigneeResponseDto {
  @ApiProperty({ enum: ASSIGNEE_KINDS, description: '`client`: the client themself; `contact`: one of their linked contacts.' })
  kind!: Assignee['kind'];

  @ApiProperty({ required: false, description: 'Only when kind is `contact`.' })
  contactId?: string;
}

export class CompleterResponseDto {
  @ApiProperty({ description: 'The login that completed it (the uploader, for a file request).' })
  userId!: string;

  @ApiProperty({ enum: ['staff', 'client'] })
  role!: Completer['role'];

  @ApiProperty({ type: String, nullable: true, description: 'The linked contact they acted as; null for the client themself (and staff).' })
  contactId!: string | null;
}

export class TodoResponseDto {
  @ApiProperty({ format: 'uuid' })
  todoId!: string;

  @ApiProperty()
  clientId!: string;

  @ApiProperty({ maxLength: 200 })
  title!: string;

  @ApiProperty({ type: String, nullable: true, maxLength: 5000 })
  description!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-04-15' })
  dueDate!: string | null;

  @ApiProperty({ description: 'A file request: completes when a file is uploaded for it (files service, with this todoId).' })
  requiresFile!: boolean;

  @ApiProperty({ type: AssigneeResponseDto })
  assignee!: Assignee;

  @ApiProperty({ enum: TODO_STATUSES })
  status!: TodoStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'Staff user id.' })
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;

  @ApiProperty({ type: CompleterResponseDto, nullable: true })
  completedBy!: Completer | null;

  @ApiProperty({ type: String, nullable: true, description: 'The upload that completed a file request.' })
  fileId!: string | null;

  static from({ props }: Todo): TodoResponseDto {
    return {
      todoId: props.id,
      clientId: props.clientId,
      title: props.title,
      description: props.description,
      dueDate: props.dueDate,
      requiresFile: props.requiresFile,
      assignee: props.assignee.kind === 'contact' ? { kind: 'contact', contactId: props.assignee.contactId } : { kind: 'client' },
      status: props.status,
      createdAt: props.createdAt.toISOString(),
      createdBy: props.createdBy,
      completedAt: props.completedAt?.toISOString() ?? null,
      completedBy: props.completedBy && { ...props.completedBy },
      fileId: props.fileId,
    };
  }
}

export class TodoListResponseDto {
  @ApiProperty({ type: [TodoResponseDto], description: 'Newest first.' })
  items!: TodoResponseDto[];

  static from(todos: Todo[]): TodoListResponseDto {
    return { items: todos.map(TodoResponseDto.from) };
  }
}
