import { createHash, randomBytes } from 'node:crypto';

/** 256 bits: guessing a live link is out of reach however many invitations exist. */
const TOKEN_BYTES = 32;

/**
 * SHA-256 (hex) of the token as it appears in the link (its base64url text). Identity hashes
 * the token of an opened link the same way and looks the result up in its projection of
 * InvitationIssued, so the two services agree without ever sharing the token.
 */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The one-time secret of an invitation link. It lives in the email only; we keep its hash. */
export class InvitationToken {
  private constructor(readonly value: string) {}

  static generate(): InvitationToken {
    return new InvitationToken(randomBytes(TOKEN_BYTES).toString('base64url'));
  }

  get hash(): string {
    return hashInvitationToken(this.value);
  }

  /** The link of the invitation page (identity's `GET /api/identity/invitations/{token}`), behind `portalBaseUrl`. */
  acceptUrl(portalBaseUrl: string): string {
    return `${portalBaseUrl.replace(/\/+$/, '')}/api/identity/invitations/${this.value}`;
  }
}
