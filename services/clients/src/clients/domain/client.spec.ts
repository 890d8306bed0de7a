import { Client } from './client';
import { ContactLimitReachedError, ContactNotFoundError } from './client.errors';
import { CONTACTS_PER_CLIENT_MAX } from './contact';

const now = new Date('2026-01-02T03:04:05Z');
const later = new Date('2026-01-03T00:00:00Z');
const t = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute));

const jane = () =>
  Client.create(
    {
      firmId: 'f-1',
      kind: 'individual',
      displayName: 'Jane Doe',
      emails: ['jane@example.com'],
      contacts: [{ name: 'John Doe', relationship: 'spouse', email: 'John@Example.com', active: false, billable: false }],
    },
    now,
  );

describe('Client.create', () => {
  it('trims the name and keeps emails lower-cased and unique', () => {
    const { props } = Client.create(
      { firmId: 'f-1', kind: 'individual', displayName: '  Jane Doe ', emails: ['Jane@Example.com', ' jane@example.com', 'j2@example.com'] },
      now,
    );
    expect(props).toMatchObject({
      firmId: 'f-1',
      kind: 'individual',
      displayName: 'Jane Doe',
      emails: ['jane@example.com', 'j2@example.com'],
      createdAt: now,
      updatedAt: now,
    });
  });

  it('allows a client without any email (they are reported, not invited, later)', () => {
    expect(Client.create({ firmId: 'f-1', kind: 'business', displayName: 'Acme', emails: [] }).props.emails).toEqual([]);
  });

  it('refuses a blank display name', () => {
    expect(() => Client.create({ firmId: 'f-1', kind: 'business', displayName: '   ', emails: [] })).toThrow('display name');
  });

  it('gives time-ordered ids, so listing by id lists by creation', () => {
    const ids = Array.from({ length: 5 }, () => Client.create({ firmId: 'f', kind: 'business', displayName: 'A', emails: [] }).id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(5);
  });

  it('starts without portal, at revision 0, with its initial contacts', () => {
    const { props } = jane();
    expect(props.portal.status).toBe('none');
    expect(props.revision).toBe(0);
    expect(props.contacts).toEqual([
      expect.objectContaining({
        name: 'John Doe',
        relationship: 'spouse',
        email: 'john@example.com',
        active: false,
        billable: false,
        portal: expect.objectContaining({ status: 'none' }),
      }),
    ]);
  });

  it(`refuses more than ${CONTACTS_PER_CLIENT_MAX} contacts`, () => {
    const contacts = Array.from({ length: CONTACTS_PER_CLIENT_MAX + 1 }, (_, n) => ({ name: `P${n}`, relationship: 'employee' }));
    expect(() => Client.create({ firmId: 'f', kind: 'business', displayName: 'Big', emails: [], contacts })).toThrow(ContactLimitReachedError);
  });
});

describe('Client.update', () => {
  it('changes the given fields only, and the time of the change', () => {
    const { props } = jane().update({ displayName: ' Jane Smith ', emails: ['JS@example.com', 'js@example.com'] }, later);
    expect(props).toMatchObject({ kind: 'individual', displayName: 'Jane Smith', emails: ['js@example.com'], createdAt: now, updatedAt: later });
    expect(props.contacts).toHaveLength(1);
  });

  it('returns the same client when nothing differs, so nothing is written or emitted', () => {
    const client = jane();
    expect(client.update({}, later)).toBe(client);
    expect(client.update({ kind: 'individual', displayName: 'Jane Doe', emails: ['JANE@example.com'] }, later)).toBe(client);
  });
});

describe('linked contacts', () => {
  it('adds a contact with a fresh id, active and not billable unless told', () => {
    const { client, contact } = jane().addContact({ name: 'Sam', relationship: 'child' }, later);
    expect(contact).toMatchObject({ name: 'Sam', relationship: 'child', email: null, active: true, billable: false });
    expect(client.props.contacts.map((c) => c.name)).toEqual(['John Doe', 'Sam']);
    expect(client.props.updatedAt).toEqual(later);
    expect(client.contact(contact.contactId)).toEqual(contact);
  });

  it(`refuses a contact beyond ${CONTACTS_PER_CLIENT_MAX}`, () => {
    const contacts = Array.from({ length: CONTACTS_PER_CLIENT_MAX }, (_, n) => ({ name: `P${n}`, relationship: 'employee' }));
    const full = Client.create({ firmId: 'f', kind: 'business', displayName: 'Full', emails: [], contacts });
    expect(() => full.addContact({ name: 'One more', relationship: 'employee' })).toThrow(ContactLimitReachedError);
  });

  it('changes a contact, and removes its email with null', () => {
    const client = jane();
    const id = client.props.contacts[0].contactId;
    const changed = client.updateContact(id, { active: true, email: null, relationship: 'partner' }, later);
    expect(changed.contact(id)).toMatchObject({ name: 'John Doe', relationship: 'partner', email: null, active: true, billable: false });
    expect(changed.props.updatedAt).toEqual(later);
    expect(changed.updateContact(id, { active: true, email: null })).toBe(changed);
  });

  it('removes a contact', () => {
    const client = jane();
    const id = client.props.contacts[0].contactId;
    expect(client.removeContact(id, later).props.contacts).toEqual([]);
  });

  it('names an unknown contact', () => {
    expect(() => jane().updateContact('nope', { name: 'X' })).toThrow(ContactNotFoundError);
    expect(() => jane().removeContact('nope')).toThrow(ContactNotFoundError);
    expect(() => jane().recordInvitation('nope', t(1))).toThrow(ContactNotFoundError);
  });
});

describe('portal status of the client and its contacts', () => {
  it('tracks the client and each contact separately', () => {
    const client = jane();
    const spouse = client.props.contacts[0].contactId;
    const invited = client.recordInvitation(null, t(1)).recordInvitation(spouse, t(2));
    expect(invited.props.portal).toMatchObject({ status: 'invited', invitedAt: t(1) });
    expect(invited.contact(spouse)?.portal).toMatchObject({ status: 'invited', invitedAt: t(2) });

    const granted = invited.recordPortalAccess(spouse, 'user-spouse', t(3));
    expect(granted.props.portal.status).toBe('invited');
    expect(granted.contact(spouse)?.portal).toMatchObject({ status: 'has_portal', accessGrantedAt: t(3) });
  });

  it("sets the last login of every person of the client that login belongs to, and no one else's", () => {
    const client = jane();
    const spouse = client.props.contacts[0].contactId;
    const { client: withChild, contact: child } = client.addContact({ name: 'Sam', relationship: 'child' });
    const granted = withChild
      .recordPortalAccess(null, 'shared-login', t(1))
      .recordPortalAccess(spouse, 'shared-login', t(1))
      .recordPortalAccess(child.contactId, 'child-login', t(1));

    const loggedIn = granted.recordLogin('shared-login', t(9));
    expect(loggedIn.props.portal.lastLoginAt).toEqual(t(9));
    expect(loggedIn.contact(spouse)?.portal.lastLoginAt).toEqual(t(9));
    expect(loggedIn.contact(child.contactId)?.portal.lastLoginAt).toBeNull();
    expect(loggedIn.recordLogin('shared-login', t(9))).toBe(loggedIn);
    expect(granted.recordLogin('stranger', t(9))).toBe(granted);
  });

  it('leaves updatedAt alone: it is the time of the last change by staff', () => {
    expect(jane().recordInvitation(null, t(1)).props.updatedAt).toEqual(now);
  });
});
