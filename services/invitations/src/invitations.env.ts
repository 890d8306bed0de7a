import { baseServiceEnv, positiveInt, url } from '@portico/config';
import { eventsEnv } from '@portico/platform';
import { z } from 'zod';

// safeExtend: it changes common Kafka defaults, and baseServiceEnv carries the Kafka rules (refinements).
export const invitationsEnv = baseServiceEnv.extend(eventsEnv.shape).safeExtend({
  // Every InvitationRequested has its own key, and the database calls of handlers running side by
  // side are coalesced into bulk commands: more at once means fewer round trips per recipient.
  KAFKA_KEY_CONCURRENCY: positiveInt()
    .max(256)
    .default(32)
    .describe('Keys of one partition handled at once (order holds per key); higher than the common default, see D20.'),
  // Outcomes (EmailSent) are recorded while a bulk job's requests are still being issued.
  KAFKA_PARTITIONS_CONCURRENTLY: positiveInt().max(64).default(24).describe('Partitions handled at once: every partition of every topic it consumes.'),
  PORTAL_BASE_URL: url('http', 'https')
    .default('http://127.0.0.1:8080')
    .transform((value) => value.replace(/\/+$/, ''))
    .describe(
      "Where recipients open their invitation link: the public gateway in front of identity's `/api/identity/invitations/{token}` page. " +
        'The default is the local gateway of `./portico start`.',
    ),
  // 1,000 x ~700 B stays far below the document limit; small chunks are cheaper to update as
  // recipients settle (10,000 recipients: 100 per chunk took 159 s on the local stack, 500 took 201 s).
  BULK_CHUNK_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .describe('Recipients per chunk document of a bulk job; a chunk is released with its InvitationRequested events in one write.'),
  BULK_RELEASE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(0)
    .describe('Pause between two chunk releases of one job (a send-rate throttle); 0 releases at once.'),
  INVITATION_DAY_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(86_400_000)
    .default(86_400_000)
    .describe('Length of a "day" for link expiry, reminder schedules and the per-day limits. Only tests shorten it.'),
  LIFECYCLE_POLL_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(600_000)
    .default(5_000)
    .describe('How often the lifecycle loop looks for expired invitations, reminders and scheduled sends due (and publishes bulk progress).'),
  BULK_PROGRESS_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(5_000)
    .describe('At most one BulkInviteProgressed per job within this time.'),
  BULK_PROGRESS_CACHE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(1_000)
    .describe("A job's progress counts, read again within this time on one replica, are reused; 0 always reads."),
  SELF_SERVE_REISSUES_PER_DAY: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(3)
    .describe('Self-serve re-issue (public `POST /reissue`): new links per invitation per day.'),
  REISSUE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10).describe('Self-serve re-issue: requests per IP per minute.'),
});

export type InvitationsConfig = z.output<typeof invitationsEnv>;
