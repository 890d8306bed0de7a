import { ForbiddenException } from '@nestjs/common';
import { firmScope } from './firm-scope';

describe('firmScope', () => {
  const staff = { userId: 'u', role: 'staff' as const, firmId: 'firm-a', email: 'a@example.com' };
  const client = { userId: 'c', role: 'client' as const, portals: ['firm-a', 'firm-b'], email: 'c@example.com' };

  it("scopes staff to their own firm", () => {
    expect(firmScope(staff)).toBe('firm-a');
    expect(firmScope(staff, 'firm-a')).toBe('firm-a');
  });

  it('forbids staff from naming another firm', () => {
    expect(() => firmScope(staff, 'firm-b')).toThrow(ForbiddenException);
  });

  it('forbids a staff principal that carries no firm', () => {
    expect(() => firmScope({ ...staff, firmId: undefined })).toThrow(ForbiddenException);
  });

  it('lets a client into a portal they were granted', () => {
    expect(firmScope(client, 'firm-b')).toBe('firm-b');
  });

  it('forbids a client from a firm they were not granted', () => {
    expect(() => firmScope(client, 'firm-c')).toThrow(ForbiddenException);
  });

  it('needs a client with several portals to say which firm', () => {
    expect(() => firmScope(client)).toThrow(ForbiddenException);
    expect(firmScope({ ...client, portals: ['firm-a'] })).toBe('firm-a');
  });
});
