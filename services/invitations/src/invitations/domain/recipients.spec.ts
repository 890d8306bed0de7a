import { InvitableClient, resolveRecipients } from './recipients';

const client: InvitableClient = {
  clientId: 'client-1',
  emails: ['jane@example.com', 'jane.work@example.com'],
  contacts: [
    // Linked contacts are invitable whether or not they are active or billable: the directory
    // does not even pass those flags to the rules.
    { contactId: 'spouse', name: 'John Doe', email: 'john@example.com' },
    { contactId: 'child', name: 'Kid Doe', email: null },
  ],
};

describe('resolveRecipients', () => {
  it('invites the chosen client emails, contacts and extra addresses, each with its kind', () => {
    const resolution = resolveRecipients(client, { clientEmails: ['Jane@Example.com'], contactIds: ['spouse'], extraEmails: ['Bookkeeper@Example.com '] });
    expect(resolution).toEqual({
      kind: 'resolved',
      recipients: [
        { email: 'jane@example.com', recipientKind: 'client', contactId: null },
        { email: 'john@example.com', recipientKind: 'contact', contactId: 'spouse' },
        { email: 'bookkeeper@example.com', recipientKind: 'extra', contactId: null },
      ],
    });
  });

  it('refuses a contact without an email, naming it and the rule, instead of dropping it', () => {
    const resolution = resolveRecipients(client, { contactIds: ['child'], extraEmails: ['x@example.com'] });
    expect(resolution).toEqual({
      kind: 'notInvitable',
      errors: [{ field: 'contactIds.0', rule: 'contactHasEmail', message: expect.stringContaining('Kid Doe') }],
    });
  });

  it('refuses a client email that is not on file', () => {
    const resolution = resolveRecipients(client, { clientEmails: ['jane@example.com', 'someone@else.com'] });
    expect(resolution).toEqual({
      kind: 'notInvitable',
      errors: [{ field: 'clientEmails.1', rule: 'emailOnFile', message: expect.stringContaining('someone@else.com') }],
    });
  });

  it('reports every refused recipient at once', () => {
    const resolution = resolveRecipients(client, { clientEmails: ['nope@example.com'], contactIds: ['spouse', 'child'] });
    expect(resolution.kind === 'notInvitable' && resolution.errors.map((error) => error.field)).toEqual(['clientEmails.0', 'contactIds.1']);
  });

  it('names a contact that is not linked to this client as not found, before anything else', () => {
    const resolution = resolveRecipients(client, { clientEmails: ['nope@example.com'], contactIds: ['spouse', 'someone-elses'] });
    expect(resolution).toEqual({
      kind: 'contactNotFound',
      errors: [{ field: 'contactIds.1', rule: 'contactOnClient', message: 'Contact someone-elses is not linked to client client-1' }],
    });
  });

  it('invites an address named twice once, the first way it was named', () => {
    const resolution = resolveRecipients(client, {
      clientEmails: ['jane@example.com'],
      extraEmails: ['JANE@example.com', 'john@example.com'],
      contactIds: ['spouse'],
    });
    expect(resolution.kind === 'resolved' && resolution.recipients.map((r) => `${r.recipientKind}:${r.email}`)).toEqual([
      'client:jane@example.com',
      'contact:john@example.com',
    ]);
  });
});
