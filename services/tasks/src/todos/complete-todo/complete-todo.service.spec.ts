import { TodoCompleted } from '@portico/contracts';
import { NewTodo, Todo } from '../domain/todo';
import { FileRequiredError } from '../domain/todo.errors';
import { InMemoryTodoRepository } from '../testing/in-memory-todo.repository';
import { TodoUpdater } from '../todo-updater';
import { CompleteTodoService } from './complete-todo.service';

describe('CompleteTodoService', () => {
  const base: NewTodo = { firmId: 'firm-a', clientId: 'client-1', title: 'Sign the letter', assignee: { kind: 'client' }, createdBy: 'staff-1' };
  const jane = { firmId: 'firm-a', clientId: 'client-1', contactId: null };
  const pat = { ...jane, contactId: 'contact-pat' };

  const setup = async (input: Partial<NewTodo> = {}) => {
    const repository = new InMemoryTodoRepository();
    const todo = Todo.create({ ...base, ...input });
    await repository.insert(todo, []);
    return { repository, todo, service: new CompleteTodoService(repository, new TodoUpdater(repository)) };
  };

  it('completes a to-do of the caller, recording them, with TodoCompleted', async () => {
    const { repository, todo, service } = await setup({ assignee: { kind: 'contact', contactId: 'contact-pat' } });
    const done = await service.execute(pat, 'user-pat', todo.id, 'corr-1');
    expect(done?.props).toMatchObject({ status: 'completed', completedBy: { userId: 'user-pat', role: 'client', contactId: 'contact-pat' }, fileId: null });
    expect(repository.events).toEqual([
      expect.objectContaining({
        type: TodoCompleted.type,
        firmId: 'firm-a',
        payload: {
          todoId: todo.id,
          clientId: 'client-1',
          completedBy: { userId: 'user-pat', role: 'client', contactId: 'contact-pat' },
          completedAt: done?.props.completedAt?.toISOString(),
          fileId: null,
        },
      }),
    ]);
  });

  it('keeps the first completion and emits nothing when completed again', async () => {
    const { repository, todo, service } = await setup();
    const first = await service.execute(jane, 'user-jane', todo.id, 'corr-1');
    const again = await service.execute(jane, 'user-jane-2', todo.id, 'corr-2');
    expect(again?.props.completedBy).toEqual(first?.props.completedBy);
    expect(repository.events).toHaveLength(1);
  });

  it("finds nothing that is not the caller's: another person's, another client's, another firm's", async () => {
    const { todo, service } = await setup();
    expect(await service.execute(pat, 'user-pat', todo.id, 'corr-1')).toBeUndefined();
    expect(await service.execute({ ...jane, clientId: 'client-2' }, 'user-x', todo.id, 'corr-1')).toBeUndefined();
    expect(await service.execute({ ...jane, firmId: 'firm-b' }, 'user-x', todo.id, 'corr-1')).toBeUndefined();
  });

  it('refuses a file request', async () => {
    const { repository, todo, service } = await setup({ requiresFile: true });
    await expect(service.execute(jane, 'user-jane', todo.id, 'corr-1')).rejects.toThrow(FileRequiredError);
    expect(repository.events).toEqual([]);
  });
});
