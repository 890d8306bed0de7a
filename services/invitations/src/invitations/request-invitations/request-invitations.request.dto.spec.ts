import { recipientFieldErrors } from './request-invitations.request.dto';

describe('recipientFieldErrors', () => {
  it('names each malformed address by list and index, with the rule', () => {
    expect(recipientFieldErrors({ extraEmails: ['ok@example.com', 'not-an-email', ' fine@example.com '], clientEmails: ['@nope'] })).toEqual([
      { field: 'clientEmails.0', rule: 'isEmail', message: 'clientEmails.0 must be an email' },
      { field: 'extraEmails.1', rule: 'isEmail', message: 'extraEmails.1 must be an email' },
    ]);
  });

  it('refuses a request that names nobody', () => {
    for (const body of [{}, { clientEmails: [], contactIds: [], extraEmails: [] }, { message: 'hi' }]) {
      expect(recipientFieldErrors(body)).toEqual([{ field: 'recipients', rule: 'atLeastOneRecipient', message: expect.any(String) }]);
    }
  });

  it('accepts any single recipient', () => {
    expect(recipientFieldErrors({ contactIds: ['c-1'] })).toEqual([]);
    expect(recipientFieldErrors({ clientEmails: ['jane@example.com'] })).toEqual([]);
    expect(recipientFieldErrors({ extraEmails: ['x@example.com'] })).toEqual([]);
  });
});
