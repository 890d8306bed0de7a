import { Todo } from './domain/todo';
import { ConcurrentTodoChangeError } from './domain/todo.errors';
import { InMemoryTodoRepository } from './testing/in-memory-todo.repository';
import { TodoUpdater } from './todo-updater';

describe('TodoUpdater', () => {
  const setup = async () => {
    const repository = new InMemoryTodoRepository();
    const todo = Todo.create({ firmId: 'firm-a', clientId: 'client-1', title: 'Sign', assignee: { kind: 'client' }, createdBy: 'staff-1' });
    await repository.insert(todo, []);
    return { repository, todo, updater: new TodoUpdater(repository), find: () => repository.findById('firm-a', todo.id) };
  };
  const by = { userId: 'user-1', role: 'client' as const, contactId: null };

  it('applies the change to the fresh state after losing a race, once', async () => {
    const { repository, todo, updater, find } = await setup();
    let raced = false;
    repository.beforeUpdate = () => {
      if (raced) return;
      raced = true;
      // Another writer completes it first.
      repository.stored.set(todo.id, Todo.restore({ ...todo.complete(by).props, revision: todo.props.revision + 1 }));
    };
    const result = await updater.apply(
      find,
      (current) => current.complete({ ...by, userId: 'user-2' }),
      () => [],
    );
    expect(result).toMatchObject({ changed: false, todo: { props: { completedBy: by } } });
  });

  it('writes nothing when the change leaves the to-do as it is, and finds nothing for an unknown one', async () => {
    const { repository, updater, find } = await setup();
    expect(
      await updater.apply(
        find,
        (current) => current.reopen(),
        () => [],
      ),
    ).toMatchObject({ changed: false });
    expect(
      await updater.apply(
        () => repository.findById('firm-b', 'nope'),
        (current) => current.reopen(),
        () => [],
      ),
    ).toBeUndefined();
  });

  it('gives up after losing every attempt', async () => {
    const { repository, todo, updater, find } = await setup();
    repository.beforeUpdate = () => {
      const current = repository.stored.get(todo.id)!;
      repository.stored.set(todo.id, Todo.restore({ ...current.props, revision: current.props.revision + 1 }));
    };
    await expect(
      updater.apply(
        find,
        (current) => current.complete(by),
        () => [],
      ),
    ).rejects.toThrow(ConcurrentTodoChangeError);
  });
});
