import { ForbiddenException } from '@nestjs/common';
import { firmScope, portalScope } from './firm-scope';
import type { Principal } from './principal';

describe('firmScope', () => {
  const staff: Principal = { userId: 'u', role: 'staff', firmId: 'firm-a', email: 'a@example.com' };
  const clientLogin: Principal = { userId: 'c', role: 'client', email: 'c@example.com' };
  const clientInPortal: Principal = { ...clientLogin, firmId: 'firm-b', clientId: 'client-7', contactId: null };

  it('scopes staff to their own firm', () => {
    expect(firmScope(staff)).toBe('firm-a');
    expect(firmScope(staff, 'firm-a')).toBe('firm-a');
  });

  it('forbids staff from naming another firm', () => {
    expect(() => firmScope(staff, 'firm-b')).toThrow(ForbiddenException);
  });

  it('forbids a staff principal that carries no firm', () => {
    expect(() => firmScope({ ...staff, firmId: undefined })).toThrow(ForbiddenException);
  });

  it('scopes a client to the portal their token was issued for', () => {
    expect(firmScope(clientInPortal)).toBe('firm-b');
    expect(firmScope(clientInPortal, 'firm-b')).toBe('firm-b');
  });

  it('forbids a client from naming a firm other than their portal', () => {
    expect(() => firmScope(clientInPortal, 'firm-a')).toThrow(ForbiddenException);
  });

  it('sends a client who has not entered a portal to do so', () => {
    expect(() => firmScope(clientLogin)).toThrow('Enter a portal first');
    expect(() => firmScope(clientLogin, 'firm-b')).toThrow(ForbiddenException);
  });
});

describe('portalScope', () => {
  const client: Principal = { userId: 'c', role: 'client', email: 'c@example.com', firmId: 'firm-b', clientId: 'client-7', contactId: 'contact-3' };

  it("gives a client's firm, client record and contact", () => {
    expect(portalScope(client)).toEqual({ firmId: 'firm-b', clientId: 'client-7', contactId: 'contact-3' });
    expect(portalScope({ ...client, contactId: null })).toEqual({ firmId: 'firm-b', clientId: 'client-7', contactId: null });
  });

  it('forbids staff and clients outside a portal', () => {
    expect(() => portalScope({ userId: 'u', role: 'staff', firmId: 'firm-b', email: 'a@example.com' })).toThrow(ForbiddenException);
    expect(() => portalScope({ userId: 'c', role: 'client', email: 'c@example.com' })).toThrow('Enter a portal first');
  });
});
