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
      /** Set when the request is one recipient of a bulk job (BulkInviteRequested). */
      jobId: Id.optional(),
      /** With jobId: the number of the job's chunk that holds this recipient (so it is found by id). */
      chunk: z.number().int().min(0).optional(),
    })
    .refine((p) => (p.recipientKind === 'contact') === (p.contactId !== undefined), {
      path: ['contactId'],
      message: 'required when recipientKind is "contact", absent otherwise',
    }),
  description: 'Staff asked to invite one recipient (a client, a linked contact or an extra email) into the portal.',
});

/** Who an invitation is for, as every later invitation event repeats it. */
const recipient = {
  invitationId: Id,
  clientId: Id,
  contactId: Id.nullable(),
  email: Email,
};

export const InvitationIssued = defineEvent({
  type: 'InvitationIssued',
  version: 1,
  topic: Topics.invitationsInvitation.name,
  key: (p) => p.invitationId,
  payload: z.object({
    ...recipient,
    recipientKind: z.enum(['client', 'contact', 'extra']),
    /** SHA-256 (hex) of the one-time token; the token itself never leaves the email. */
    tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
    expiresAt: z.iso.datetime(),
  }),
  description: 'An invitation got its one-time link (token hash and expiry) and is pending delivery.',
});

export const InvitationSent = defineEvent({
  type: 'InvitationSent',
  version: 1,
  topic: Topics.invitationsInvitation.name,
  key: (p) => p.invitationId,
  payload: z.object({ ...recipient, sentAt: z.iso.datetime() }),
  description: 'The invitation email was accepted by the SMTP server.',
});

export const InvitationDeliveryFailed = defineEvent({
  type: 'InvitationDeliveryFailed',
  version: 1,
  topic: Topics.invitationsInvitation.name,
  key: (p) => p.invitationId,
  payload: z.object({ ...recipient, reason: z.string().max(1000) }),
  description: 'The invitation email could not be delivered; the reason is the SMTP answer.',
});

export const InvitationAccepted = defineEvent({
  type: 'InvitationAccepted',
  version: 1,
  topic: Topics.invitationsInvitation.name,
  key: (p) => p.invitationId,
  payload: z.object({ ...recipient, userId: Id, acceptedAt: z.iso.datetime() }),
  description: 'The recipient accepted: their login now has access to the portal.',
});

export const InvitationRevoked = defineEvent({
  type: 'InvitationRevoked',
  version: 1,
  topic: Topics.invitationsInvitation.name,
  key: (p) => p.invitationId,
  payload: z.object({ ...recipient, revokedBy: Id }),
  description: 'Staff revoked a pending invitation; its link stops working.',
});

export const InvitationReissued = defineEvent({
  type: 'InvitationReissued',
  version: 1,
  topic: Topics.invitationsInvitation.name,
  key: (p) => p.invitationId,
  payload: z.object({
    ...recipient,
    /** The new link's token hash; the previous link stops working when this is applied. */
    tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
    expiresAt: z.iso.datetime(),
    /** Staff pressed "resend", or the recipient asked for a fresh link from an expired one. */
    trigger: z.enum(['resend', 'self-serve']),
  }),
  description: 'A pending or expired invitation got a new one-time link (resend or self-serve); the old link no longer works.',
});

export const InvitationReminded = defineEvent({
  type: 'InvitationReminded',
  version: 1,
  topic: Topics.invitationsInvitation.name,
  key: (p) => p.invitationId,
  payload: z.object({
    ...recipient,
    /** 1 for the first reminder of the firm's schedule, 2 for the second... */
    reminder: z.number().int().positive(),
    /**
     * The reminder email carries a link of its own; unlike a resend it does not replace the
     * earlier ones: every link of the invitation works until it is accepted, revoked or expires.
     */
    tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
    remindedAt: z.iso.datetime(),
  }),
  description:
    "An automatic reminder email (with a link of its own, earlier links still valid) was requested for a pending invitation (the firm's reminder schedule).",
});

export const InvitationExpired = defineEvent({
  type: 'InvitationExpired',
  version: 1,
  topic: Topics.invitationsInvitation.name,
  key: (p) => p.invitationId,
  payload: z.object({ ...recipient, expiredAt: z.iso.datetime() }),
  description: 'A pending invitation passed its expiry without being accepted; its link no longer works.',
});

export const InvitationEmailRequested = defineEvent({
  type: 'InvitationEmailRequested',
  version: 1,
  topic: Topics.invitationsEmail.name,
  key: (p) => p.invitationId,
  payload: z.object({
    invitationId: Id,
    /** One email per key, ever: a redelivered request is never sent twice. */
    deliveryKey: z.string().min(1).max(200),
    to: Email,
    firmName: z.string().min(1).max(200),
    recipientName: z.string().max(200).nullable(),
    message: z.string().max(5000).nullable(),
    /** A firm template of the notifications service; null = the default invitation email. */
    templateId: Id.nullable(),
    /** Contains the one-time token: never log it. */
    acceptUrl: z.url(),
    /** Set when this email is the n-th automatic reminder of a pending invitation. */
    reminder: z.number().int().positive().optional(),
    expiresAt: z.iso.datetime(),
  }),
  description: 'Invitations asks notifications to email an invitation link (one-time token inside).',
});

/**
 * Bulk events live on the invitation stream (keyed by job id: a job's events stay in order)
 * rather than a topic of their own: one stream per aggregate family, no new topic to declare.
 * They never carry the recipients: 10,000 of them would exceed Kafka's message size; the job's
 * chunk documents in the invitations service hold them.
 */
export const BulkInviteRequested = defineEvent({
  type: 'BulkInviteRequested',
  version: 1,
  topic: Topics.invitationsInvitation.name,
  key: (p) => p.jobId,
  payload: z.object({
    jobId: Id,
    /** Staff user id. */
    requestedBy: Id,
    recipientCount: z.number().int().min(1).max(10_000),
    message: z.string().max(5000).nullable(),
    templateId: Id.nullable(),
  }),
  description: 'Staff asked to invite many clients at once; one InvitationRequested (with this jobId) follows per recipient.',
});

export const BulkInviteProgressed = defineEvent({
  type: 'BulkInviteProgressed',
  version: 1,
  topic: Topics.invitationsInvitation.name,
  key: (p) => p.jobId,
  payload: z.object({
    jobId: Id,
    /** Per-recipient statuses so far; they add up to total. */
    counts: z.object({
      total: z.number().int().min(0),
      queued: z.number().int().min(0),
      sent: z.number().int().min(0),
      deliveryFailed: z.number().int().min(0),
      skipped: z.number().int().min(0),
      cancelled: z.number().int().min(0),
    }),
  }),
  description: 'A bulk job moved on (throttled: at most one per job every few seconds, and one when the last email is settled).',
});

export const BulkInviteCompleted = defineEvent({
  type: 'BulkInviteCompleted',
  version: 1,
  topic: Topics.invitationsInvitation.name,
  key: (p) => p.jobId,
  payload: z.object({
    jobId: Id,
    /** Every recipient of the job is accounted for in exactly one of the counts below. */
    counts: z.object({
      total: z.number().int().min(0),
      /** Invitations issued (their email requested from notifications). */
      issued: z.number().int().min(0),
      /** Recipients that got an open invitation elsewhere between the request and issuing. */
      skipped: z.number().int().min(0),
      /** Recipients not issued because the job was cancelled first. */
      cancelled: z.number().int().min(0),
    }),
    cancelled: z.boolean(),
  }),
  description: 'Every recipient of a bulk job was issued an invitation, skipped or cancelled: the fan-out is over (deliveries may still be in flight).',
});
