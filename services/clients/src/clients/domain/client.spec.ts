import { Client } from './client';

describe('Client.create', () => {
  const now = new Date('2026-01-02T03:04:05Z');

  it('trims the name and keeps emails lower-cased and unique', () => {
    const { props } = Client.create({ firmId: 'f-1', kind: 'individual', displayName: '  Jane Doe ', emails: ['Jane@Example.com', ' jane@example.com', 'j2@example.com'] }, now);
    expect(props).toMatchObject({ firmId: 'f-1', kind: 'individual', displayName: 'Jane Doe', emails: ['jane@example.com', 'j2@example.com'], createdAt: now, updatedAt: now });
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
});
