import type { RecipientKind } from './invitation';

/** What the recipient rules need to know about the client being invited. */
export interface InvitableClient {
  clientId: string;
  emails: readonly string[];
  contacts: readonly { contactId: string; name: string; email: string | null }[];
}

/** Who staff asked to invite: emails on file, linked contacts, and addresses they typed. */
export interface RecipientSelection {
  clientEmails?: readonly string[];
  contactIds?: readonly string[];
  extraEmails?: readonly string[];
}

export interface Recipient {
  email: string;
  recipientKind: RecipientKind;
  contactId: string | null;
}

/** A refused part of the request, named like the validation errors of the HTTP API. */
export interface RecipientError {
  field: string;
  rule: 'contactOnClient' | 'emailOnFile' | 'contactHasEmail';
  message: string;
}

export type RecipientResolution =
  | { kind: 'resolved'; recipients: Recipient[] }
  /** A contact id that is not one of the client's contacts (another client's, or unknown). */
  | { kind: 'contactNotFound'; errors: RecipientError[] }
  /** Well-formed, but not invitable: an email not on file, a contact without an email. */
  | { kind: 'notInvitable'; errors: RecipientError[] };

const normalize = (email: string) => email.trim().toLowerCase();

/**
 * Turns a selection into recipients, or says exactly which part cannot be invited: nothing is
 * dropped silently. Linked contacts qualify whether or not they are active or billable; what
 * they need is an email. One address named twice (say, as a client email and again as an extra
 * email) is one recipient, the first way it was named.
 */
export function resolveRecipients(client: InvitableClient, selection: RecipientSelection): RecipientResolution {
  const clientEmails = selection.clientEmails ?? [];
  const contactIds = selection.contactIds ?? [];
  const onFile = new Set(client.emails.map(normalize));
  const contacts = new Map(client.contacts.map((contact) => [contact.contactId, contact]));

  const unknownContacts = contactIds.flatMap((contactId, index) =>
    contacts.has(contactId)
      ? []
      : [{ field: `contactIds.${index}`, rule: 'contactOnClient' as const, message: `Contact ${contactId} is not linked to client ${client.clientId}` }],
  );
  if (unknownContacts.length > 0) return { kind: 'contactNotFound', errors: unknownContacts };

  const errors: RecipientError[] = [];
  const candidates: Recipient[] = [];
  clientEmails.forEach((email, index) => {
    if (onFile.has(normalize(email))) candidates.push({ email: normalize(email), recipientKind: 'client', contactId: null });
    else errors.push({ field: `clientEmails.${index}`, rule: 'emailOnFile', message: `${email} is not an email on file for this client` });
  });
  contactIds.forEach((contactId, index) => {
    const contact = contacts.get(contactId)!;
    if (contact.email) candidates.push({ email: normalize(contact.email), recipientKind: 'contact', contactId });
    else
      errors.push({
        field: `contactIds.${index}`,
        rule: 'contactHasEmail',
        message: `Contact ${contact.name} (${contactId}) has no email address; add one to invite them`,
      });
  });
  for (const email of selection.extraEmails ?? []) candidates.push({ email: normalize(email), recipientKind: 'extra', contactId: null });
  if (errors.length > 0) return { kind: 'notInvitable', errors };

  const seen = new Set<string>();
  const recipients = candidates.filter((recipient) => !seen.has(recipient.email) && seen.add(recipient.email));
  return { kind: 'resolved', recipients };
}

/** How the email greets a recipient: the client's or the contact's name; none for a typed-in address. */
export function recipientNameOf(client: InvitableClient & { displayName: string }, recipient: Recipient): string | null {
  if (recipient.recipientKind === 'extra') return null;
  if (recipient.recipientKind === 'client') return client.displayName;
  return client.contacts.find((contact) => contact.contactId === recipient.contactId)?.name ?? null;
}
