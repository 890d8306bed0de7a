import { baseServiceEnv, url } from '@portico/config';
import { eventsEnv } from '@portico/platform';
import { z } from 'zod';

export const invitationsEnv = baseServiceEnv.extend(eventsEnv.shape).extend({
  // Where recipients open their invitation link: the gateway in front of identity's
  // `/api/identity/invitations/{token}` page. Local default: the gateway of `./portico start`.
  PORTAL_BASE_URL: url('http', 'https')
    .default('http://127.0.0.1:8080')
    .transform((value) => value.replace(/\/+$/, '')),
  // Recipients per chunk document of a bulk job: each chunk is released with its
  // InvitationRequested events in one write (500 x ~700 B stays far below the document limit).
  BULK_CHUNK_SIZE: z.coerce.number().int().min(1).max(1000).default(500),
  // Pause between two chunk releases of one job (a send-rate throttle); 0 = release at once.
  BULK_RELEASE_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(0),
});

export type InvitationsConfig = z.output<typeof invitationsEnv>;
