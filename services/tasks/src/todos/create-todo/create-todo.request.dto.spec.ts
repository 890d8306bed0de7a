import { flattenValidationErrors } from '@portico/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { assigneeOf, CreateTodoRequestDto } from './create-todo.request.dto';

// The platform's pipe settings: unknown fields are refused.
const errorsOf = (body: object) =>
  flattenValidationErrors(validateSync(plainToInstance(CreateTodoRequestDto, body), { whitelist: true, forbidNonWhitelisted: true })).map(
    ({ field, rule }) => ({ field, rule }),
  );

describe('CreateTodoRequestDto', () => {
  const valid = { title: 'Upload your W-2', assignee: { kind: 'client' } };

  it('accepts a minimal and a full body', () => {
    expect(errorsOf(valid)).toEqual([]);
    expect(
      errorsOf({
        ...valid,
        description: 'The one from your employer',
        dueDate: '2028-02-29',
        requiresFile: true,
        assignee: { kind: 'contact', contactId: 'contact-pat' },
      }),
    ).toEqual([]);
  });

  it('names the field and rule of each mistake', () => {
    expect(errorsOf({ ...valid, title: '   ' })).toEqual([{ field: 'title', rule: 'isNotEmpty' }]);
    expect(errorsOf({ ...valid, title: 'x'.repeat(201) })).toEqual([{ field: 'title', rule: 'maxLength' }]);
    expect(errorsOf({ ...valid, description: 'x'.repeat(5001) })).toEqual([{ field: 'description', rule: 'maxLength' }]);
    expect(errorsOf({ ...valid, requiresFile: 'yes' })).toEqual([{ field: 'requiresFile', rule: 'isBoolean' }]);
    expect(errorsOf({ title: 'T' })).toContainEqual({ field: 'assignee', rule: 'isDefined' });
  });

  it('wants a real calendar day as YYYY-MM-DD', () => {
    for (const dueDate of ['2026-02-30', '2026-13-01', '15/04/2026', '2026-04-15T00:00:00Z', 20260415]) {
      expect(errorsOf({ ...valid, dueDate })).toEqual([{ field: 'dueDate', rule: 'isCalendarDate' }]);
    }
  });

  it('wants a contactId with kind contact, and only then', () => {
    expect(errorsOf({ ...valid, assignee: { kind: 'contact' } })).toContainEqual({ field: 'assignee.contactId', rule: 'isNotEmpty' });
    expect(errorsOf({ ...valid, assignee: { kind: 'client', contactId: 'contact-pat' } })).toEqual([
      { field: 'assignee.contactId', rule: 'onlyForContactKind' },
    ]);
    expect(errorsOf({ ...valid, assignee: { kind: 'partner' } })).toEqual([{ field: 'assignee.kind', rule: 'isIn' }]);
    expect(errorsOf({ ...valid, assignee: { kind: 'client', extra: 1 } })).toEqual([{ field: 'assignee.extra', rule: 'whitelistValidation' }]);
  });

  it('maps to the domain assignee', () => {
    expect(assigneeOf(plainToInstance(CreateTodoRequestDto, { ...valid, assignee: { kind: 'contact', contactId: 'c-1' } }).assignee)).toEqual({
      kind: 'contact',
      contactId: 'c-1',
    });
    expect(assigneeOf(plainToInstance(CreateTodoRequestDto, valid).assignee)).toEqual({ kind: 'client' });
  });
});
