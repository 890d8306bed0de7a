/** How long an invitation link stays valid when the firm has not chosen otherwise. */
export const DEFAULT_EXPIRY_DAYS = 30;
export const MIN_EXPIRY_DAYS = 1;
export const MAX_EXPIRY_DAYS = 365;

/** Staff resends of one invitation per rolling day. */
export const DEFAULT_RESENDS_PER_DAY = 3;
export const MAX_RESENDS_PER_DAY = 20;

/** Automatic reminders: days after the first send, ascending; [] = none. */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [3, 7];
export const MIN_REMINDER_DAY = 1;
export const MAX_REMINDER_DAY = 60;
export const MAX_REMINDERS = 5;

/** The invitation settings a firm can change. */
export interface FirmSettings {
  expiryDays: number;
  resendsPerDay: number;
  reminderDays: number[];
}

/** What a firm has set, with defaults for what it has not. */
export function firmSettings(stored: Partial<FirmSettings> = {}): FirmSettings {
  return {
    expiryDays: stored.expiryDays ?? DEFAULT_EXPIRY_DAYS,
    resendsPerDay: stored.resendsPerDay ?? DEFAULT_RESENDS_PER_DAY,
    reminderDays: stored.reminderDays ?? [...DEFAULT_REMINDER_DAYS],
  };
}

/** A reminder schedule is strictly ascending: each reminder comes after the previous one. */
export function isAscending(days: readonly number[]): boolean {
  return days.every((day, index) => index === 0 || day > days[index - 1]!);
}
