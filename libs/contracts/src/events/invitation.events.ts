import { z } from 'zod';
import { defineEvent } from '../define-event';
import { Topics } from '../topics';
import { Email, Id } from './fields';

export const InvitationRequested = defineEvent({
  type: 'InvitationRequested',
  version: 1,
  topic: Topics.invitationsInvitation.name,
  // The invitation id is assigned when the request is recorded, so this event and the
  // invitation's later ones (issued, accepted, revoked) share a key and stay in order.
  key: (p) => p.invitationId,
  payload: z
    .object({
      invitationId: Id,
      clientId: Id,
      email: Email,
      recipientKind: z.enum(['client', 'contact', 'extra']),
      contactId: Id.optional(),
      message: z.string().max(5000).optional(),
      templateId: Id.optional(),
      /** Staff user id. */
      requestedBy: Id,
    })
    .refine((p) => (p.recipientKind === 'contact') === (p.contactId !== undefined), {
      path: ['contactId'],
      message: 'required when recipientKind is "contact", absent otherwise',
    }),
  description: 'Staff asked to invite one recipient (a client, a linked contact or an extra email) into the portal.',
});
