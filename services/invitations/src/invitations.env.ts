import { baseServiceEnv, positiveInt, url } from '@portico/config';
import { eventsEnv } from '@portico/platform';
import { z } from 'zod';

export const invitationsEnv = baseServiceEnv.extend(eventsEnv.shape).extend({
  // Keys of one partition handled at once (base default 4): every InvitationRequested has its
  // own key, and the database calls of handlers running side by side are coalesced into bulk
  // commands, so more of them at once means fewer round trips per recipient.
  KAFKA_KEY_CONCURRENCY: positiveInt().max(256).default(32),
  // Every partition of every topic it consumes (invitations, email outcomes, identity...):
  // outcomes (EmailSent) are recorded while a bulk job's requests are still being issued.
  KAFKA_PARTITIONS_CONCURRENTLY: positiveInt().max(64).default(24),
  // Where recipients open their invitation link: the gateway in front of identity's
  // `/api/identity/invitations/{token}` page. Local default: the gateway of `./portico start`.
  PORTAL_BASE_URL: url('http', 'https')
    .default('http://127.0.0.1:8080')
    .transform((value) => value.replace(/\/+$/, '')),
  // Recipients per chunk document of a bulk job: each chunk is released with its
  // InvitationRequested events in one write (1,000 x ~700 B stays far below the document limit).
  // Small chunks are cheaper to update as recipients settle (10,000 recipients: 100 per chunk
  // took 159 s on the local stack, 500 took 201 s).
  BULK_CHUNK_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  // Pause between two chunk releases of one job (a send-rate throttle); 0 = release at once.
  BULK_RELEASE_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  // The length of a "day" for link expiry, reminder schedules and the per-day limits. Only tests
  // shorten it (a day of a second lets them watch reminders and expiry happen).
  INVITATION_DAY_MS: z.coerce.number().int().min(100).max(86_400_000).default(86_400_000),
  // How often the lifecycle loop looks for expired invitations to announce, reminders due and
  // scheduled sends (and publishes bulk progress).
  LIFECYCLE_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  // At most one BulkInviteProgressed per job within this time.
  BULK_PROGRESS_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  // A job's progress counts, read again within this time on one replica, are reused (0: always read).
  BULK_PROGRESS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  // Self-serve re-issue (POST /reissue, public): new links per invitation per day, requests per IP per minute.
  SELF_SERVE_REISSUES_PER_DAY: z.coerce.number().int().min(1).max(100).default(3),
  REISSUE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
});

export type InvitationsConfig = z.output<typeof invitationsEnv>;
