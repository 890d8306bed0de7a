import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('returns the first value the probe yields', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), { intervalMs: 1 });
    expect(value).toBe('after 3');
  });

  it('keeps polling while the probe throws', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        if (++calls < 2) throw new Error('not yet');
        return true;
      },
      { intervalMs: 1 },
    );
    expect(value).toBe(true);
  });

  it('fails at the deadline naming what it waited for and the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('broker down');
        },
        { timeoutMs: 30, intervalMs: 5, description: 'the event' },
      ),
    ).rejects.toThrow(/waiting for the event: last error: broker down/);
  });
});
