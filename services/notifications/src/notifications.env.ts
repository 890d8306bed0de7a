import { baseServiceEnv, flag, port, positiveInt, text } from '@portico/config';
import { eventsEnv } from '@portico/platform';
import { z } from 'zod';

export const notificationsEnv = baseServiceEnv
  .extend(eventsEnv.shape)
  // safeExtend: it changes a common Kafka default, and baseServiceEnv carries the Kafka rules (refinements).
  .safeExtend({
    SMTP_HOST: text().describe('SMTP server (submission) host.'),
    SMTP_PORT: port().describe('SMTP server port (587 with STARTTLS, 465 with SMTP_SECURE).'),
    SMTP_SECURE: flag().default(false).describe('TLS from the first byte (port 465). false: plain connection, upgraded by STARTTLS when the server offers it.'),
    SMTP_USER: text().optional().describe('SMTP user; set with SMTP_PASSWORD, or neither (no authentication).'),
    SMTP_PASSWORD: text().optional().describe('SMTP password; set with SMTP_USER.'),
    SMTP_MAX_CONNECTIONS: positiveInt().max(100).default(10).describe('Connections of the SMTP pool: emails in flight at once per replica.'),
    MAIL_FROM: text()
      .refine((value) => senderDomain(value) !== undefined, { error: 'must be an email address or "Name <address>"' })
      .default('Portico <no-reply@portico.local>')
      .describe('Sender of every email: an address, or `Name <address>`. Its domain also names our Message-IDs.'),
    EMAIL_MAX_ATTEMPTS: positiveInt().default(10).describe('SMTP attempts per email before a transient failure becomes EmailFailed.'),
    EMAIL_RETRY_INITIAL_MS: positiveInt()
      .default(30_000)
      .describe('Delay after the first transient failure; doubled after each further one, up to EMAIL_RETRY_MAX_MS.'),
    EMAIL_RETRY_MAX_MS: positiveInt()
      .default(30 * 60_000)
      .describe('Longest delay between two attempts of one email.'),
    DELIVERY_RETENTION_DAYS: positiveInt()
      .max(3650)
      .default(90)
      .describe(
        "Days a finished delivery (sent or failed: who, when, the server's reply; never the content) is kept, counted from its creation; older ones are deleted hourly. Keep it above the retention of the email-request topic, so that a redelivered request still finds its delivery.",
      ),
    // Requests of a bulk invitation are all different keys: the more handled at once, the more
    // inserts share one database command (see DeliveryMongoRepository).
    KAFKA_KEY_CONCURRENCY: positiveInt()
      .max(256)
      .default(32)
      .describe('Keys of one partition handled at once (order holds per key); higher than the common default, see D20.'),
  })
  // Also when other variables are invalid: one failed boot names every problem.
  .superRefine(checkSmtpCredentials, { when: () => true });

export type NotificationsConfig = z.output<typeof notificationsEnv>;

/** The domain of a `MAIL_FROM` value, or undefined when it holds no address. */
export function senderDomain(from: string): string | undefined {
  return /@([^\s<>@]+)>?\s*$/.exec(from.trim())?.[1];
}

function checkSmtpCredentials(config: { SMTP_USER?: string; SMTP_PASSWORD?: string }, ctx: z.RefinementCtx): void {
  if ((config.SMTP_USER === undefined) !== (config.SMTP_PASSWORD === undefined)) {
    const missing = config.SMTP_USER === undefined ? 'SMTP_USER' : 'SMTP_PASSWORD';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'is required when the other SMTP credential is set' });
  }
}
