import { describe, expect, it, jest } from '@jest/globals';
import { WorkLoop } from './work-loop';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WorkLoop', () => {
  it('never runs two ticks at once, and keeps going after a tick that throws, saying so', async () => {
    const warn = jest.fn();
    let inFlight = 0;
    let maxInFlight = 0;
    let ticks = 0;
    const loop = new WorkLoop(
      async () => {
        ticks++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep(20);
        inFlight--;
        if (ticks === 1) throw new Error('database away');
      },
      { name: 'Test loop', intervalMs: 5, maxBackoffMs: 10, logger: { warn } },
    );
    loop.start();
    loop.nudge();
    loop.nudge();
    await sleep(150);
    await loop.stop();
    const after = ticks;
    await sleep(40);

    expect(maxInFlight).toBe(1);
    expect(after).toBeGreaterThanOrEqual(3);
    expect(warn).toHaveBeenCalledWith('Test loop failed (1 in a row), next in 10 ms: database away');
    expect(ticks).toBe(after);
  });

  it('backs off while ticks keep failing, doubling from twice the interval up to the limit, and resets after a success', async () => {
    const loop = new WorkLoop(async () => undefined, { name: 'x', intervalMs: 100, maxBackoffMs: 1_000, logger: { warn: () => undefined } });
    expect([1, 2, 3, 4, 5].map((failures) => loop.backoffMs(failures))).toEqual([200, 400, 800, 1_000, 1_000]);

    let fail = 2;
    const failing = new WorkLoop(
      async () => {
        if (fail-- > 0) throw new Error('down');
      },
      { name: 'x', intervalMs: 1, maxBackoffMs: 4, logger: { warn: () => undefined } },
    );
    failing.start();
    await sleep(5);
    expect(failing.failures).toBeGreaterThan(0);
    await sleep(40);
    expect(failing.failures).toBe(0);
    await failing.stop();
  });

  it('runs the next tick at once when a tick says there is more, or when nudged, else after the interval', async () => {
    const starts: number[] = [];
    let more = 3;
    const loop = new WorkLoop(
      async () => {
        starts.push(Date.now());
        return { more: more-- > 0 };
      },
      { name: 'x', intervalMs: 10_000, maxBackoffMs: 10_000, logger: { warn: () => undefined } },
    );
    loop.start();
    await sleep(100);
    // The first tick said more three times: three more at once; the next waits for the interval...
    expect(starts).toHaveLength(4);
    // ...unless nudged.
    loop.nudge();
    await sleep(50);
    expect(starts).toHaveLength(5);
    await loop.stop();
  });

  it('stop() aborts the signal and resolves only once the tick in progress has finished', async () => {
    let finished = false;
    let aborted = false;
    const loop = new WorkLoop(
      async (signal) => {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        aborted = signal.aborted;
        await sleep(30);
        finished = true;
      },
      { name: 'x', intervalMs: 10, maxBackoffMs: 10, logger: { warn: () => undefined } },
    );
    loop.start();
    await sleep(10);
    await loop.stop();
    expect(aborted).toBe(true);
    expect(finished).toBe(true);
    expect(loop.isRunning).toBe(false);
  });
});
