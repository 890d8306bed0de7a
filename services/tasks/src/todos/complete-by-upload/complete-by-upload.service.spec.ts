import { TodoCompleted } from '@portico/contracts';
import { NewTodo, Todo } from '../domain/todo';
import { InMemoryTodoRepository } from '../testing/in-memory-todo.repository';
import { TodoUpdater } from '../todo-updater';
import { CompleteByUploadService, UploadForTodo } from './complete-by-upload.service';

describe('CompleteByUploadService', () => {
  const base: NewTodo = {
    firmId: 'firm-a',
    clientId: 'client-1',
    title: 'Upload your W-2',
    requiresFile: true,
    assignee: { kind: 'client' },
    createdBy: 'staff-1',
  };
  const uploadedAt = new Date('2026-03-05T12:00:00Z');
  const origin = { firmId: 'firm-a', correlationId: 'corr-1', causationId: 'event-1' };

  const setup = async (input: Partial<NewTodo> = {}) => {
    const repository = new InMemoryTodoRepository();
    const todo = Todo.create({ ...base, ...input });
    await repository.insert(todo, []);
    const upload: UploadForTodo = {
      firmId: 'firm-a',
      clientId: 'client-1',
      todoId: todo.id,
      fileId: 'file-1',
      uploadedBy: { userId: 'user-jane', role: 'client', contactId: null },
      uploadedAt,
    };
    return { repository, todo, upload, service: new CompleteByUploadService(repository, new TodoUpdater(repository)) };
  };

  it('completes the file request by the uploader at the upload time, with TodoCompleted caused by the upload', async () => {
    const { repository, todo, upload, service } = await setup();
    await service.execute(upload, origin);
    expect(repository.stored.get(todo.id)?.props).toMatchObject({
      status: 'completed',
      completedAt: uploadedAt,
      completedBy: upload.uploadedBy,
      fileId: 'file-1',
    });
    expect(repository.events).toEqual([
      expect.objectContaining({
        type: TodoCompleted.type,
        causationId: 'event-1',
        payload: { todoId: todo.id, clientId: 'client-1', completedBy: upload.uploadedBy, completedAt: uploadedAt.toISOString(), fileId: 'file-1' },
      }),
    ]);
  });

  it('changes nothing on a redelivery, even after a reopen', async () => {
    const { repository, todo, upload, service } = await setup();
    await service.execute(upload, origin);
    await service.execute(upload, origin);
    repository.stored.set(todo.id, repository.stored.get(todo.id)!.reopen());
    await service.execute(upload, origin);
    expect(repository.events).toHaveLength(1);
    expect(repository.stored.get(todo.id)?.props.status).toBe('open');
  });

  it("ignores an upload naming another firm's or another client's to-do, or one that is not a file request", async () => {
    const { repository, upload, service } = await setup();
    await service.execute({ ...upload, firmId: 'firm-b' }, origin);
    await service.execute({ ...upload, clientId: 'client-2' }, origin);
    await service.execute({ ...upload, todoId: 'no-such-todo' }, origin);
    const plain = await setup({ requiresFile: false });
    await plain.service.execute(plain.upload, origin);
    expect([...repository.events, ...plain.repository.events]).toEqual([]);
  });
});
