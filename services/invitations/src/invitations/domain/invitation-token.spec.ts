import { invitationTokenHash } from '@portico/contracts';
import { createHash } from 'node:crypto';
import { InvitationToken } from './invitation-token';

describe('InvitationToken', () => {
  it('is 32 random bytes in base64url: URL-safe, no padding', () => {
    const token = InvitationToken.generate();
    expect(token.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.value, 'base64url')).toHaveLength(32);
  });

  it('never repeats', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => InvitationToken.generate().value));
    expect(tokens.size).toBe(1000);
  });

  it('is kept as the SHA-256 hex of its link text, which identity computes the same way', () => {
    const token = InvitationToken.generate();
    expect(token.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(token.hash).toBe(createHash('sha256').update(token.value).digest('hex'));
    expect(invitationTokenHash(token.value)).toBe(token.hash);
    expect(token.hash).not.toContain(token.value);
  });

  it("links to identity's invitation page behind the portal base URL", () => {
    const token = InvitationToken.generate();
    expect(token.acceptUrl('https://portal.example.com/')).toBe(`https://portal.example.com/api/identity/invitations/${token.value}`);
    expect(token.acceptUrl('http://127.0.0.1:8080')).toBe(`http://127.0.0.1:8080/api/identity/invitations/${token.value}`);
  });
});
