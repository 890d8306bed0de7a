import { createHash } from 'node:crypto';
import type { RenderedEmail } from '../../templates/domain/email-template';

export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
/**
 * queued: waiting for its (next) attempt, due at `nextAttemptAt`.
 * sending: claimed by a dispatcher until `leaseUntil`; an expired lease means its process died.
 * sent / failed: final; EmailSent / EmailFailed was written with that status.
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What the email is about, so the requesting service finds its record in EmailSent/EmailFailed. */
export interface EmailAbout {
  kind: 'invitation';
  id: string;
}

/** One email to send, exactly once per `deliveryKey`. */
export interface NewDelivery {
  deliveryKey: string;
  firmId: string;
  about: EmailAbout;
  to: string;
  /** Rendered when the request arrived: every attempt sends the same email. Holds the one-time link. */
  content: RenderedEmail;
  messageId: string;
  /** The firm template asked for (null: the default), and what was really used. */
  templateId: string | null;
  renderedWith: 'default' | 'firm';
  /**
   * The request event: EmailSent/EmailFailed carry its correlation and name it as their cause;
   * `traceparent`, the trace it was handled in (the SMTP send continues that trace).
   */
  cause: { eventId: string; correlationId: string; traceparent?: string };
}

/** A delivery a dispatcher holds; `attempts` counts this attempt and fences its writes. */
export interface ClaimedDelivery extends NewDelivery {
  attempts: number;
}

/**
 * Our Message-ID for a delivery: the same on every attempt. If a process dies between the
 * server's acceptance and our record of it, the email is sent again (see send-email), and
 * mailbox providers that deduplicate by Message-ID (Gmail does) then show it once.
 */
export function deliveryMessageId(deliveryKey: string, domain: string): string {
  return `<${createHash('sha256').update(deliveryKey).digest('hex').slice(0, 40)}@${domain}>`;
}
