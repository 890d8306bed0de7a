import { describe, expect, it, jest } from '@jest/globals';
import { Poller } from './poller';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Poller', () => {
  it('never runs two ticks at once, and keeps going after a tick that throws', async () => {
    const warn = jest.fn();
    const poller = new Poller('Test loop', { warn });
    let inFlight = 0;
    let maxInFlight = 0;
    let ticks = 0;
    poller.start(5, async () => {
      ticks++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(20);
      inFlight--;
      if (ticks === 1) throw new Error('database away');
    });
    await sleep(120);
    poller.stop();
    const after = ticks;
    await sleep(40);

    expect(maxInFlight).toBe(1);
    expect(after).toBeGreaterThanOrEqual(3);
    expect(warn).toHaveBeenCalledWith('Test loop failed (retried next tick): database away');
    expect(ticks).toBe(after);
  });
});
