import { z } from 'zod';
import { defineEvent } from '../define-event';
import { Topics } from '../topics';
import { Email, Id } from './fields';

export const FirmRegistered = defineEvent({
  type: 'FirmRegistered',
  version: 1,
  topic: Topics.identityFirm.name,
  key: (p) => p.firmId,
  payload: z.object({
    firmId: Id,
    name: z.string().trim().min(1).max(200),
    ownerUserId: Id,
    ownerEmail: Email,
  }),
  description: 'A firm (tenant) signed up; its owner is its first staff user.',
});

export const AccountCreated = defineEvent({
  type: 'AccountCreated',
  version: 1,
  topic: Topics.identityAccount.name,
  key: (p) => p.userId,
  payload: z.object({
    userId: Id,
    email: Email,
  }),
  description: 'A login was created (for example by accepting an invitation).',
});

export const PortalAccessGranted = defineEvent({
  type: 'PortalAccessGranted',
  version: 1,
  topic: Topics.identityAccount.name,
  key: (p) => p.userId,
  payload: z.object({
    userId: Id,
    email: Email,
    firmId: Id,
    clientId: Id,
    /** Set when the login belongs to a linked contact of the client rather than the client. */
    contactId: Id.nullable(),
    /** Who the invitation was for: an `extra` email is someone staff typed in, not a person on the client's record. */
    recipientKind: z.enum(['client', 'contact', 'extra']),
    invitationId: Id,
    /** True when this acceptance created the login; false when an existing login gained a portal. */
    newAccount: z.boolean(),
  }),
  description: "A login was given access to a firm's portal by accepting an invitation.",
});

export const UserLoggedIn = defineEvent({
  type: 'UserLoggedIn',
  version: 1,
  topic: Topics.identityAccount.name,
  key: (p) => p.userId,
  payload: z.object({
    userId: Id,
    role: z.enum(['staff', 'client']),
    at: z.iso.datetime(),
  }),
  description: 'A user logged in (clients use it for "last login" of the portal status).',
});
