import { z } from 'zod';
import { defineEvent } from '../define-event';
import { Topics } from '../topics';
import { Email, Id } from './fields';

/** The client fields other services keep a copy of (invitations needs the emails). */
const clientSnapshot = z.object({
  clientId: Id,
  firmId: Id,
  kind: z.enum(['individual', 'business']),
  displayName: z.string().trim().min(1).max(200),
  /** May be empty: such a client cannot be invited, and is reported as such. */
  emails: z.array(Email).max(20),
  /** Linked people (spouse, partner, employee...): invitable when they have an email, active or not. */
  contacts: z
    .array(
      z.object({
        contactId: Id,
        name: z.string().trim().min(1).max(200),
        relationship: z.string().trim().min(1).max(50),
        email: Email.nullable(),
        active: z.boolean(),
        billable: z.boolean(),
      }),
    )
    .max(50),
});

export const ClientCreated = defineEvent({
  type: 'ClientCreated',
  version: 1,
  topic: Topics.clientsClient.name,
  key: (p) => p.clientId,
  payload: clientSnapshot,
  description: 'A firm added a client record.',
});

export const ClientUpdated = defineEvent({
  type: 'ClientUpdated',
  version: 1,
  topic: Topics.clientsClient.name,
  key: (p) => p.clientId,
  // The full snapshot, not a diff: a consumer upserts it without merge logic.
  payload: clientSnapshot,
  description: "A client record changed (name, kind, emails, or a contact added, changed or removed); carries the client's new state.",
});
