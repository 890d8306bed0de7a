import { baseServiceEnv, url } from '@portico/config';
import { eventsEnv } from '@portico/platform';
import { z } from 'zod';

export const invitationsEnv = baseServiceEnv.extend(eventsEnv.shape).extend({
  // Where recipients open their invitation link: the gateway in front of identity's
  // `/api/identity/invitations/{token}` page. Local default: the gateway of `./portico start`.
  PORTAL_BASE_URL: url('http', 'https')
    .default('http://127.0.0.1:8080')
    .transform((value) => value.replace(/\/+$/, '')),
});

export type InvitationsConfig = z.output<typeof invitationsEnv>;
