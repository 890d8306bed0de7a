import { randomBytes } from 'node:crypto';
import { invitationLink, invitationTokenHash } from '@portico/contracts';

/** 256 bits: guessing a live link is out of reach however many invitations exist. */
const TOKEN_BYTES = 32;

/**
 * The one-time secret of an invitation link. It lives in the email only; we keep and publish its
 * hash, which identity computes the same way from an opened link (libs/contracts invitation-link).
 */
export class InvitationToken {
  private constructor(readonly value: string) {}

  static generate(): InvitationToken {
    return new InvitationToken(randomBytes(TOKEN_BYTES).toString('base64url'));
  }

  get hash(): string {
    return invitationTokenHash(this.value);
  }

  /** The link of the invitation page identity serves, behind `portalBaseUrl`. */
  acceptUrl(portalBaseUrl: string): string {
    return invitationLink(portalBaseUrl, this.value);
  }
}
