import { v7 as uuidv7 } from 'uuid';
import { NO_PORTAL, PortalAccess } from './portal-access';

/** The same bounds as the ClientCreated/ClientUpdated contract, which every contact ends up in. */
export const CONTACT_NAME_MAX = 200;
export const RELATIONSHIP_MAX = 50;
export const CONTACTS_PER_CLIENT_MAX = 50;

/**
 * A person linked to a client (spouse, partner, family member, employee...). `active` and
 * `billable` are the firm's bookkeeping; neither decides whether the contact may be invited:
 * any contact with an email may be.
 */
export interface Contact {
  readonly contactId: string;
  readonly name: string;
  /** Free text, as the firm describes it. */
  readonly relationship: string;
  /** Lower-cased; null when the firm has none on file (such a contact cannot be invited). */
  readonly email: string | null;
  readonly active: boolean;
  readonly billable: boolean;
  readonly portal: PortalAccess;
}

export interface NewContact {
  name: string;
  relationship: string;
  email?: string | null;
  /** Default true: a contact is usually added because they are current. */
  active?: boolean;
  /** Default false: the client, not the people around them, is usually who gets billed. */
  billable?: boolean;
}

/** Fields left out stay as they are; `email: null` removes the email. */
export type ContactChanges = Partial<Pick<Contact, 'name' | 'relationship' | 'email' | 'active' | 'billable'>>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > CONTACT_NAME_MAX) throw new Error(`A contact needs a name of 1 to ${CONTACT_NAME_MAX} characters`);
  return trimmed;
}

function checkedRelationship(relationship: string): string {
  const trimmed = relationship.trim();
  if (!trimmed || trimmed.length > RELATIONSHIP_MAX) throw new Error(`A contact needs a relationship of 1 to ${RELATIONSHIP_MAX} characters`);
  return trimmed;
}

function checkedEmail(email: string | null | undefined): string | null {
  if (email === null || email === undefined) return null;
  const normalized = normalizeEmail(email);
  if (!normalized) throw new Error('A contact email must not be blank (use null for none)');
  return normalized;
}

export function createContact(input: NewContact): Contact {
  return {
    contactId: uuidv7(),
    name: checkedName(input.name),
    relationship: checkedRelationship(input.relationship),
    email: checkedEmail(input.email),
    active: input.active ?? true,
    billable: input.billable ?? false,
    portal: NO_PORTAL,
  };
}

/** The contact with `changes` applied; the same object when nothing differs. */
export function changeContact(contact: Contact, changes: ContactChanges): Contact {
  const next: Contact = {
    ...contact,
    name: changes.name === undefined ? contact.name : checkedName(changes.name),
    relationship: changes.relationship === undefined ? contact.relationship : checkedRelationship(changes.relationship),
    email: changes.email === undefined ? contact.email : checkedEmail(changes.email),
    active: changes.active ?? contact.active,
    billable: changes.billable ?? contact.billable,
  };
  const same = (['name', 'relationship', 'email', 'active', 'billable'] as const).every((field) => next[field] === contact[field]);
  return same ? contact : next;
}
