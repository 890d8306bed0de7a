import { v7 as uuidv7 } from 'uuid';
import { ContactLimitReachedError, ContactNotFoundError } from './client.errors';
import { changeContact, Contact, ContactChanges, CONTACTS_PER_CLIENT_MAX, createContact, NewContact, normalizeEmail } from './contact';
import { afterAccessGranted, afterInvitation, afterLogin, NO_PORTAL, PortalAccess } from './portal-access';

export const CLIENT_KINDS = ['individual', 'business'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export interface ClientProps {
  id: string;
  firmId: string;
  kind: ClientKind;
  displayName: string;
  /** Lower-cased, unique. May be empty: such clients exist, they just cannot be invited. */
  emails: string[];
  /** In the order they were added. */
  contacts: Contact[];
  /** The client's own portal access (its contacts have theirs). */
  portal: PortalAccess;
  /** Counts the stored writes: a write based on an older revision is refused (optimistic concurrency). */
  revision: number;
  createdAt: Date;
  /** Last change made by staff; portal access keeps its own times. */
  updatedAt: Date;
}

export interface NewClient {
  firmId: string;
  kind: ClientKind;
  displayName: string;
  emails: readonly string[];
  contacts?: readonly NewContact[];
}

/** Fields left out stay as they are. */
export interface ClientChanges {
  kind?: ClientKind;
  displayName?: string;
  emails?: readonly string[];
}

const uniqueEmails = (emails: readonly string[]): string[] => [...new Set(emails.map(normalizeEmail))];

function checkedDisplayName(displayName: string): string {
  const trimmed = displayName.trim();
  if (!trimmed) throw new Error('A client needs a display name');
  return trimmed;
}

/**
 * A firm's client record (a person or a business) with its linked contacts. Immutable: every
 * change returns a new Client, or the same instance when nothing changes (callers skip the
 * write and the event then).
 */
export class Client {
  private constructor(readonly props: Readonly<ClientProps>) {}

  static create(input: NewClient, now = new Date()): Client {
    const contacts = (input.contacts ?? []).map(createContact);
    if (contacts.length > CONTACTS_PER_CLIENT_MAX) throw new ContactLimitReachedError();
    return new Client({
      // UUIDv7: time-ordered, so listing by id lists by creation.
      id: uuidv7(),
      firmId: input.firmId,
      kind: input.kind,
      displayName: checkedDisplayName(input.displayName),
      emails: uniqueEmails(input.emails),
      contacts,
      portal: NO_PORTAL,
      revision: 0,
      createdAt: now,
      updatedAt: now,
    });
  }

  static restore(props: ClientProps): Client {
    return new Client(props);
  }

  get id(): string {
    return this.props.id;
  }

  contact(contactId: string): Contact | undefined {
    return this.props.contacts.find((contact) => contact.contactId === contactId);
  }

  update(changes: ClientChanges, now = new Date()): Client {
    const kind = changes.kind ?? this.props.kind;
    const displayName = changes.displayName === undefined ? this.props.displayName : checkedDisplayName(changes.displayName);
    const emails = changes.emails === undefined ? this.props.emails : uniqueEmails(changes.emails);
    const same = kind === this.props.kind && displayName === this.props.displayName && emails.join('\n') === this.props.emails.join('\n');
    return same ? this : this.with({ kind, displayName, emails, updatedAt: now });
  }

  addContact(input: NewContact, now = new Date()): { client: Client; contact: Contact } {
    if (this.props.contacts.length >= CONTACTS_PER_CLIENT_MAX) throw new ContactLimitReachedError();
    const contact = createContact(input);
    return { client: this.with({ contacts: [...this.props.contacts, contact], updatedAt: now }), contact };
  }

  updateContact(contactId: string, changes: ContactChanges, now = new Date()): Client {
    const contact = this.existingContact(contactId);
    const next = changeContact(contact, changes);
    return next === contact ? this : this.withContact(next, { updatedAt: now });
  }

  /**
   * Removes the contact from the record (and so from the next ClientUpdated). Removal, not
   * deactivation: `active` is the firm's bookkeeping flag and an inactive contact stays invitable.
   */
  removeContact(contactId: string, now = new Date()): Client {
    this.existingContact(contactId);
    return this.with({ contacts: this.props.contacts.filter((contact) => contact.contactId !== contactId), updatedAt: now });
  }

  /** An invitation to the client (`contactId` null) or to one of its contacts was issued at `at`. */
  recordInvitation(contactId: string | null, at: Date): Client {
    return this.changePortal(contactId, (portal) => afterInvitation(portal, at));
  }

  /** `userId` accepted an invitation as the client (`contactId` null) or as one of its contacts. */
  recordPortalAccess(contactId: string | null, userId: string, at: Date): Client {
    return this.changePortal(contactId, (portal) => afterAccessGranted(portal, userId, at));
  }

  /** `userId` logged in: the last login of whichever people of this client that login belongs to. */
  recordLogin(userId: string, at: Date): Client {
    const portal = afterLogin(this.props.portal, userId, at);
    const contacts = this.props.contacts.map((contact) => {
      const contactPortal = afterLogin(contact.portal, userId, at);
      return contactPortal === contact.portal ? contact : { ...contact, portal: contactPortal };
    });
    const same = portal === this.props.portal && contacts.every((contact, index) => contact === this.props.contacts[index]);
    return same ? this : this.with({ portal, contacts });
  }

  private changePortal(contactId: string | null, change: (portal: PortalAccess) => PortalAccess): Client {
    if (contactId === null) {
      const portal = change(this.props.portal);
      return portal === this.props.portal ? this : this.with({ portal });
    }
    const contact = this.existingContact(contactId);
    const portal = change(contact.portal);
    return portal === contact.portal ? this : this.withContact({ ...contact, portal });
  }

  private existingContact(contactId: string): Contact {
    const contact = this.contact(contactId);
    if (!contact) throw new ContactNotFoundError(this.id, contactId);
    return contact;
  }

  private withContact(contact: Contact, changes: Partial<ClientProps> = {}): Client {
    return this.with({ ...changes, contacts: this.props.contacts.map((existing) => (existing.contactId === contact.contactId ? contact : existing)) });
  }

  private with(changes: Partial<ClientProps>): Client {
    return new Client({ ...this.props, ...changes });
  }
}
