import { BadRequestException, type Type } from '@nestjs/common';
import { createValidationPipe, type FieldError } from '@portico/platform';
import { AddContactRequestDto } from './add-contact/add-contact.request.dto';
import { CreateClientRequestDto } from './create-client/create-client.request.dto';
import { ListClientsRequestDto } from './list-clients/list-clients.request.dto';
import { UpdateClientRequestDto } from './update-client/update-client.request.dto';
import { UpdateContactRequestDto } from './update-contact/update-contact.request.dto';

// The service's own pipe, so these are the 400s clients of the API see.
const pipe = createValidationPipe();

async function errorsOf(metatype: Type, value: unknown, type: 'body' | 'query' = 'body'): Promise<string[]> {
  try {
    await pipe.transform(value, { type, metatype });
    return [];
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return ((error.getResponse() as { errors: FieldError[] }).errors ?? []).map(({ field, rule }) => `${field}:${rule}`).sort();
  }
}

describe('request validation', () => {
  it('accepts a contact with only a name and relationship, or with an email or null', async () => {
    expect(await errorsOf(AddContactRequestDto, { name: 'John', relationship: 'spouse' })).toEqual([]);
    expect(await errorsOf(AddContactRequestDto, { name: 'John', relationship: 'spouse', email: null, active: false, billable: false })).toEqual([]);
    expect(await errorsOf(AddContactRequestDto, { name: 'John', relationship: 'spouse', email: 'John@Example.com' })).toEqual([]);
  });

  it('names each bad contact field and rule', async () => {
    expect(await errorsOf(AddContactRequestDto, { name: ' ', relationship: 'x'.repeat(51), email: 'nope', active: null, billable: 'yes', extra: 1 })).toEqual([
      'active:isBoolean',
      'billable:isBoolean',
      'email:isEmail',
      'extra:whitelistValidation',
      'name:isNotEmpty',
      'relationship:maxLength',
    ]);
  });

  it('refuses an email the event contract would refuse, though class-validator takes it', async () => {
    expect(await errorsOf(AddContactRequestDto, { name: 'John', relationship: 'spouse', email: 'a!b@example.com' })).toEqual(['email:isEmail']);
    expect(await errorsOf(CreateClientRequestDto, { kind: 'individual', displayName: 'J', emails: ['jöhn@example.com'] })).toEqual(['emails:isEmail']);
  });

  it('names the field of a bad contact inside a new client by its index', async () => {
    const body = {
      kind: 'individual',
      displayName: 'Jane',
      contacts: [
        { name: 'Ok', relationship: 'spouse' },
        { name: 'Bad', relationship: 'child', email: 'bad' },
      ],
    };
    expect(await errorsOf(CreateClientRequestDto, body)).toEqual(['contacts.1.email:isEmail']);
  });

  it('lets a PATCH leave fields out, but not set them to null (except a contact email)', async () => {
    expect(await errorsOf(UpdateClientRequestDto, {})).toEqual([]);
    const nulls = await errorsOf(UpdateClientRequestDto, { displayName: null, kind: null, emails: null });
    expect(nulls).toEqual(expect.arrayContaining(['displayName:isString', 'emails:isArray', 'kind:isIn']));
    expect(await errorsOf(UpdateContactRequestDto, { email: null })).toEqual([]);
    expect(await errorsOf(UpdateContactRequestDto, { name: null, active: null })).toEqual(expect.arrayContaining(['active:isBoolean', 'name:isString']));
  });

  it('reads the list filters from text, naming a bad value', async () => {
    const parsed = (await pipe.transform(
      { hasEmail: 'false', portalStatus: 'invited', q: '  doe ', limit: '5' },
      { type: 'query', metatype: ListClientsRequestDto },
    )) as ListClientsRequestDto;
    expect(parsed).toMatchObject({ hasEmail: false, portalStatus: 'invited', q: 'doe', limit: 5 });
    expect(((await pipe.transform({ q: '   ' }, { type: 'query', metatype: ListClientsRequestDto })) as ListClientsRequestDto).q).toBeUndefined();
    expect(await errorsOf(ListClientsRequestDto, { hasEmail: 'yes', portalStatus: 'active', q: 'x'.repeat(101) }, 'query')).toEqual([
      'hasEmail:isBoolean',
      'portalStatus:isIn',
      'q:maxLength',
    ]);
    expect(await errorsOf(ListClientsRequestDto, { q: ['a', 'b'] }, 'query')).toEqual(['q:isString', 'q:maxLength'].sort());
  });
});
