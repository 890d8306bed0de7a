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
