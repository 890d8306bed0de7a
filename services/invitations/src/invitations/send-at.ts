import type { FieldError } from '@portico/platform';

/** How far ahead a send can be scheduled. */
export const MAX_SEND_AHEAD_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Reads an optional `sendAt` (ISO 8601 date-time with its offset, in the future, at most 90
 * days ahead): the date, null when absent, or the field error naming the rule it breaks.
 */
export function parseSendAt(value: unknown, now = new Date()): { sendAt: Date | null } | { error: FieldError } {
  if (value === undefined || value === null) return { sendAt: null };
  const error = (rule: string, message: string) => ({ error: { field: 'sendAt', rule, message: `sendAt ${message}` } });
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    return error('isoDateTime', 'must be an ISO 8601 date-time with a time zone, e.g. 2027-01-31T09:00:00Z');
  }
  const sendAt = new Date(value);
  if (sendAt.getTime() <= now.getTime()) return error('future', 'must be in the future');
  if (sendAt.getTime() > now.getTime() + MAX_SEND_AHEAD_DAYS * DAY_MS) return error('maxDaysAhead', `must be at most ${MAX_SEND_AHEAD_DAYS} days ahead`);
  return { sendAt };
}
