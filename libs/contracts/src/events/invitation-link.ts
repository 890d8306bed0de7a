import { createHash } from 'node:crypto';

/**
 * The link of an invitation: invitations makes a one-time token, puts it in the email only and
 * publishes its hash (`InvitationIssued.tokenHash`); identity serves the link's page and finds the
 * invitation by hashing the token of the link it was opened with. Both sides use these two, so
 * they cannot drift apart.
 */

/** SHA-256 (hex) of the token as it appears in the link (its base64url text). */
export function invitationTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The path of the invitation page identity serves (`GET`; `POST .../accept`), behind the portal's base URL. */
export const INVITATION_LINK_PREFIX = '/api/identity/invitations/';

/** The full link of the invitation page for `token`, behind `portalBaseUrl`. */
export function invitationLink(portalBaseUrl: string, token: string): string {
  return `${portalBaseUrl.replace(/\/+$/, '')}${INVITATION_LINK_PREFIX}${token}`;
}
