import { TodoReopened } from '@portico/contracts';
import { Todo } from '../domain/todo';
import { InMemoryTodoRepository } from '../testing/in-memory-todo.repository';
import { TodoUpdater } from '../todo-updater';
import { ReopenTodoService } from './reopen-todo.service';

describe('ReopenTodoService', () => {
  const setup = async () => {
    const repository = new InMemoryTodoRepository();
    const todo = Todo.create({ firmId: 'firm-a', clientId: 'client-1', title: 'Sign', assignee: { kind: 'client' }, createdBy: 'staff-1' });
    await repository.insert(todo, []);
    return { repository, todo, service: new ReopenTodoService(repository, new TodoUpdater(repository)) };
  };

  it('reopens a completed to-do with TodoReopened naming the staff member', async () => {
    const { repository, todo, service } = await setup();
    repository.stored.set(todo.id, todo.complete({ userId: 'user-jane', role: 'client', contactId: null }));
    const reopened = await service.execute('firm-a', todo.id, 'staff-2', 'corr-1');
    expect(reopened?.props).toMatchObject({ status: 'open', completedAt: null, completedBy: null });
    expect(repository.events).toEqual([
      expect.objectContaining({ type: TodoReopened.type, payload: { todoId: todo.id, clientId: 'client-1', reopenedBy: 'staff-2' } }),
    ]);
  });

  it("leaves an open to-do as it is, and finds no other firm's", async () => {
    const { repository, todo, service } = await setup();
    expect((await service.execute('firm-a', todo.id, 'staff-2', 'corr-1'))?.props.status).toBe('open');
    expect(await service.execute('firm-b', todo.id, 'staff-2', 'corr-1')).toBeUndefined();
    expect(repository.events).toEqual([]);
  });
});
