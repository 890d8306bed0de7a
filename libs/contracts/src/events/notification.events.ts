import { z } from 'zod';
import { defineEvent } from '../define-event';
import { Topics } from '../topics';
import { Email, Id } from './fields';

/** What an email was about, so the requesting service can find its record. */
const about = z.object({ kind: z.enum(['invitation']), id: Id });

export const EmailSent = defineEvent({
  type: 'EmailSent',
  version: 1,
  topic: Topics.notificationsEmail.name,
  key: (p) => p.deliveryKey,
  payload: z.object({
    deliveryKey: z.string().min(1).max(200),
    about,
    to: Email,
    /** SMTP Message-ID. */
    messageId: z.string().max(500),
    attempts: z.number().int().positive(),
    sentAt: z.iso.datetime(),
  }),
  description: 'An email was accepted by the SMTP server.',
});

export const EmailFailed = defineEvent({
  type: 'EmailFailed',
  version: 1,
  topic: Topics.notificationsEmail.name,
  key: (p) => p.deliveryKey,
  payload: z.object({
    deliveryKey: z.string().min(1).max(200),
    about,
    to: Email,
    /** The SMTP server's answer (or the connection error) of the last attempt. */
    reason: z.string().max(1000),
    attempts: z.number().int().positive(),
    failedAt: z.iso.datetime(),
  }),
  description: 'An email could not be delivered: permanently refused, or still failing after every retry.',
});
