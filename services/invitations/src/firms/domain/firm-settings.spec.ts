import { firmSettings, isAscending } from './firm-settings';

describe('firm settings', () => {
  it('defaults to 30-day links, 3 resends a day and reminders after 3 and 7 days', () => {
    expect(firmSettings()).toEqual({ expiryDays: 30, resendsPerDay: 3, reminderDays: [3, 7] });
  });

  it('keeps what the firm set, an empty reminder schedule included (reminders off)', () => {
    expect(firmSettings({ expiryDays: 14, resendsPerDay: 0, reminderDays: [] })).toEqual({ expiryDays: 14, resendsPerDay: 0, reminderDays: [] });
  });

  it('accepts only strictly ascending reminder days', () => {
    expect(isAscending([])).toBe(true);
    expect(isAscending([1, 5, 60])).toBe(true);
    expect(isAscending([3, 3])).toBe(false);
    expect(isAscending([7, 3])).toBe(false);
  });
});
