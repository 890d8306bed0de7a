import { createEvent, InvitationEmailRequested, type EventOrigin } from '@portico/contracts';
import type { Invitation } from './domain/invitation';
import type { InvitationToken } from './domain/invitation-token';

/**
 * The email request of an invitation's latest link (after the change that minted it: its
 * delivery key and expiry are the new ones). The link is only ever in this event's payload.
 */
export function invitationEmailRequested(
  invitation: Invitation,
  link: { token: InvitationToken; portalBaseUrl: string; firmName: string; reminder?: number },
  origin: EventOrigin,
) {
  const { id: invitationId, deliveryKey, email, recipientName, message, templateId, expiresAt } = invitation.props;
  return createEvent(
    InvitationEmailRequested,
    {
      invitationId,
      deliveryKey,
      to: email,
      firmName: link.firmName,
      recipientName,
      message,
      templateId,
      acceptUrl: link.token.acceptUrl(link.portalBaseUrl),
      ...(link.reminder === undefined ? {} : { reminder: link.reminder }),
      expiresAt: expiresAt.toISOString(),
    },
    origin,
  );
}
