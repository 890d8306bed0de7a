import { invitationLink, invitationTokenHash } from './invitation-link';

describe('the invitation link both services rely on', () => {
  it('hashes the token as InvitationIssued.tokenHash expects: SHA-256 hex of its text', () => {
    // echo -n 'abc' | sha256sum
    expect(invitationTokenHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(invitationTokenHash('x')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('puts the token behind the portal base URL, with or without its trailing slash', () => {
    expect(invitationLink('https://portal.example.com', 'tok')).toBe('https://portal.example.com/api/identity/invitations/tok');
    expect(invitationLink('https://portal.example.com//', 'tok')).toBe('https://portal.example.com/api/identity/invitations/tok');
  });
});
