import { Todo } from './todo';
import { FileRequiredError } from './todo.errors';

const now = new Date('2026-03-01T09:00:00Z');
const later = new Date('2026-03-02T10:00:00Z');
const jane = { userId: 'user-jane', role: 'client' as const, contactId: null };
const pat = { userId: 'user-pat', role: 'client' as const, contactId: 'contact-pat' };

const todo = (overrides: Partial<Parameters<typeof Todo.create>[0]> = {}) =>
  Todo.create(
    { firmId: 'firm-a', clientId: 'client-1', title: 'Sign the engagement letter', assignee: { kind: 'client' }, createdBy: 'staff-1', ...overrides },
    now,
  );

describe('Todo.create', () => {
  it('is open, with a trimmed title, no description when blank, and no completion', () => {
    const { props } = todo({ title: '  Send bank statements ', description: '   ', dueDate: '2026-04-15' });
    expect(props).toMatchObject({
      firmId: 'firm-a',
      clientId: 'client-1',
      title: 'Send bank statements',
      description: null,
      dueDate: '2026-04-15',
      requiresFile: false,
      assignee: { kind: 'client' },
      status: 'open',
      createdAt: now,
      createdBy: 'staff-1',
      completedAt: null,
      completedBy: null,
      fileId: null,
      revision: 0,
    });
  });

  it('refuses a blank or too long title', () => {
    expect(() => todo({ title: '  ' })).toThrow('title');
    expect(() => todo({ title: 'x'.repeat(201) })).toThrow('title');
  });

  it('gives time-ordered ids, so listing by id lists by creation', () => {
    const ids = Array.from({ length: 5 }, () => todo().id);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('who a to-do is for', () => {
  it("a to-do for the client is the client's own, not their contacts'", () => {
    expect(todo().isAssignedTo({ contactId: null })).toBe(true);
    expect(todo().isAssignedTo({ contactId: 'contact-pat' })).toBe(false);
  });

  it("a to-do for a contact is that contact's only", () => {
    const forPat = todo({ assignee: { kind: 'contact', contactId: 'contact-pat' } });
    expect(forPat.isAssignedTo({ contactId: 'contact-pat' })).toBe(true);
    expect(forPat.isAssignedTo({ contactId: 'contact-kid' })).toBe(false);
    expect(forPat.isAssignedTo({ contactId: null })).toBe(false);
  });
});

describe('completing by hand', () => {
  it('records who completed it and when', () => {
    expect(todo().complete(pat, later).props).toMatchObject({ status: 'completed', completedAt: later, completedBy: pat, fileId: null });
  });

  it('keeps the first completion when completed again', () => {
    const done = todo().complete(jane, now);
    expect(done.complete(pat, later)).toBe(done);
  });

  it('refuses a file request: it completes when its file is uploaded', () => {
    expect(() => todo({ requiresFile: true }).complete(jane, later)).toThrow(FileRequiredError);
  });
});

describe('completing with an upload', () => {
  const request = () => todo({ requiresFile: true });

  it('completes an open file request, by the uploader at the upload time, with the file', () => {
    expect(request().completeWithFile('file-1', pat, later).props).toMatchObject({
      status: 'completed',
      completedAt: later,
      completedBy: pat,
      fileId: 'file-1',
    });
  });

  it('leaves a to-do that is not a file request, or a completed one, as it is', () => {
    const plain = todo();
    expect(plain.completeWithFile('file-1', jane, later)).toBe(plain);
    const done = request().completeWithFile('file-1', jane, later);
    expect(done.completeWithFile('file-2', pat, later)).toBe(done);
  });

  it('does not complete it again with the same upload after a reopen (a redelivered event), but with a new one', () => {
    const reopened = request().completeWithFile('file-1', jane, now).reopen();
    expect(reopened.completeWithFile('file-1', jane, now)).toBe(reopened);
    expect(reopened.completeWithFile('file-2', jane, later).props).toMatchObject({ status: 'completed', fileId: 'file-2', completedAt: later });
  });
});

describe('reopening', () => {
  it('clears the completion', () => {
    expect(todo({ requiresFile: true }).completeWithFile('file-1', jane, later).reopen().props).toMatchObject({
      status: 'open',
      completedAt: null,
      completedBy: null,
      fileId: null,
    });
  });

  it('leaves an open to-do as it is', () => {
    const open = todo();
    expect(open.reopen()).toBe(open);
  });
});
