/** How long an invitation link stays valid when the firm has not chosen otherwise. */
export const DEFAULT_EXPIRY_DAYS = 30;
export const MIN_EXPIRY_DAYS = 1;
export const MAX_EXPIRY_DAYS = 365;

/** The invitation settings a firm can change. */
export interface FirmSettings {
  expiryDays: number;
}

/** What a firm has set, with defaults for what it has not. */
export function firmSettings(stored: Partial<FirmSettings> = {}): FirmSettings {
  return { expiryDays: stored.expiryDays ?? DEFAULT_EXPIRY_DAYS };
}
