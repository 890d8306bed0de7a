import type { ClientDirectory, DirectoryClient } from '@portico/client-directory';
import { TodoCreated } from '@portico/contracts';
import { InMemoryTodoRepository } from '../testing/in-memory-todo.repository';
import { CreateTodoService } from './create-todo.service';

describe('CreateTodoService', () => {
  const jane: DirectoryClient = {
    clientId: 'client-1',
    firmId: 'firm-a',
    kind: 'individual',
    displayName: 'Jane Doe',
    emails: ['jane@example.com'],
    contacts: [{ contactId: 'contact-pat', name: 'Pat Doe', relationship: 'spouse', email: null, active: false, billable: false }],
  };
  const directory = {
    find: async (firmId: string, clientId: string) => (firmId === jane.firmId && clientId === jane.clientId ? jane : undefined),
  } as ClientDirectory;
  const setup = () => {
    const repository = new InMemoryTodoRepository();
    return { repository, service: new CreateTodoService(directory, repository) };
  };
  const input = {
    firmId: 'firm-a',
    clientId: 'client-1',
    title: 'Upload your W-2',
    dueDate: '2026-04-15',
    requiresFile: true,
    assignee: { kind: 'client' as const },
    createdBy: 'staff-1',
  };

  it('stores the to-do with its TodoCreated', async () => {
    const { repository, service } = setup();
    const outcome = await service.execute(input, 'corr-1');
    if (outcome.kind !== 'created') throw new Error(`expected created, got ${outcome.kind}`);
    expect(repository.stored.get(outcome.todo.id)).toBe(outcome.todo);
    expect(repository.events).toEqual([
      expect.objectContaining({
        type: TodoCreated.type,
        firmId: 'firm-a',
        correlationId: 'corr-1',
        key: outcome.todo.id,
        payload: {
          todoId: outcome.todo.id,
          clientId: 'client-1',
          title: 'Upload your W-2',
          dueDate: '2026-04-15',
          requiresFile: true,
          assignee: { kind: 'client' },
          createdBy: 'staff-1',
        },
      }),
    ]);
  });

  it("assigns it to one of the client's linked contacts, inactive or not", async () => {
    const outcome = await setup().service.execute({ ...input, assignee: { kind: 'contact', contactId: 'contact-pat' } }, 'corr-1');
    expect(outcome).toMatchObject({ kind: 'created', todo: { props: { assignee: { kind: 'contact', contactId: 'contact-pat' } } } });
  });

  it("refuses another firm's client and an unknown one alike", async () => {
    const { repository, service } = setup();
    expect(await service.execute({ ...input, firmId: 'firm-b' }, 'corr-1')).toEqual({ kind: 'clientNotFound' });
    expect(await service.execute({ ...input, clientId: 'client-2' }, 'corr-1')).toEqual({ kind: 'clientNotFound' });
    expect(repository.stored.size).toBe(0);
  });

  it('refuses a contact that is not linked to the client', async () => {
    const { repository, service } = setup();
    expect(await service.execute({ ...input, assignee: { kind: 'contact', contactId: 'someone-else' } }, 'corr-1')).toEqual({ kind: 'contactNotFound' });
    expect(repository.events).toEqual([]);
  });
});
