import { retryDelayMs, type RetryPolicy } from './retry-policy';

describe('retryDelayMs', () => {
  const policy: RetryPolicy = { maxAttempts: 6, initialDelayMs: 30_000, maxDelayMs: 300_000 };
  const noJitter = () => 0;

  it('doubles the wait after each failed attempt, up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => retryDelayMs(policy, attempts, noJitter))).toEqual([30_000, 60_000, 120_000, 240_000, 300_000]);
  });

  it('gives up once every attempt is spent', () => {
    expect(retryDelayMs(policy, 6, noJitter)).toBeUndefined();
    expect(retryDelayMs(policy, 7, noJitter)).toBeUndefined();
    expect(retryDelayMs({ ...policy, maxAttempts: 1 }, 1, noJitter)).toBeUndefined();
  });

  it('spreads retries up to 20% earlier, never later than the schedule', () => {
    expect(retryDelayMs(policy, 2, () => 0.999_999)).toBe(48_000);
    expect(retryDelayMs(policy, 5, () => 0.5)).toBe(270_000);
  });
});
