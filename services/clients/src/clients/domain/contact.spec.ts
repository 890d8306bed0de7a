import { changeContact, CONTACT_NAME_MAX, createContact, RELATIONSHIP_MAX } from './contact';

describe('contact rules', () => {
  it('trims the name and relationship and lower-cases the email', () => {
    expect(createContact({ name: ' Ann Lee ', relationship: ' business partner ', email: ' Ann@Example.COM ' })).toMatchObject({
      name: 'Ann Lee',
      relationship: 'business partner',
      email: 'ann@example.com',
    });
  });

  it('records a contact without an email as null (not invitable, still a contact)', () => {
    expect(createContact({ name: 'Ann', relationship: 'spouse' }).email).toBeNull();
    expect(createContact({ name: 'Ann', relationship: 'spouse', email: null }).email).toBeNull();
  });

  it('allows a contact that is neither active nor billable', () => {
    expect(createContact({ name: 'Ann', relationship: 'spouse', active: false, billable: false })).toMatchObject({ active: false, billable: false });
  });

  it('refuses a blank or too long name or relationship, and a blank email', () => {
    expect(() => createContact({ name: ' ', relationship: 'spouse' })).toThrow('name');
    expect(() => createContact({ name: 'x'.repeat(CONTACT_NAME_MAX + 1), relationship: 'spouse' })).toThrow('name');
    expect(() => createContact({ name: 'Ann', relationship: '' })).toThrow('relationship');
    expect(() => createContact({ name: 'Ann', relationship: 'x'.repeat(RELATIONSHIP_MAX + 1) })).toThrow('relationship');
    expect(() => createContact({ name: 'Ann', relationship: 'spouse', email: '  ' })).toThrow('email');
  });

  it('keeps the fields a change leaves out, and returns the same contact when nothing differs', () => {
    const contact = createContact({ name: 'Ann', relationship: 'spouse', email: 'ann@example.com', billable: true });
    expect(changeContact(contact, { active: false })).toMatchObject({
      name: 'Ann',
      relationship: 'spouse',
      email: 'ann@example.com',
      active: false,
      billable: true,
    });
    expect(changeContact(contact, {})).toBe(contact);
    expect(changeContact(contact, { email: 'ANN@example.com', name: ' Ann ' })).toBe(contact);
  });
});
