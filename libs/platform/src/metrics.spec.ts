import { register } from 'prom-client';
import { sampledGauge } from './metrics';

const read = async (name: string) => (await register.getSingleMetric(name)!.get()).values.map((sample) => sample.value);

describe('sampledGauge', () => {
  it('reads its sources at scrape time, summed, and forgets a removed source', async () => {
    let depth = 3;
    const removeA = sampledGauge('test_queue_depth', 'test', async () => depth);
    const removeB = sampledGauge('test_queue_depth', 'test', async () => 4);
    expect(await read('test_queue_depth')).toEqual([7]);
    depth = 10;
    expect(await read('test_queue_depth')).toEqual([14]);
    removeB();
    expect(await read('test_queue_depth')).toEqual([10]);
    removeA();
  });

  it('takes the largest value for an age', async () => {
    const remove = [sampledGauge('test_oldest_age', 'test', async () => 5, 'max'), sampledGauge('test_oldest_age', 'test', async () => 12, 'max')];
    expect(await read('test_oldest_age')).toEqual([12]);
    remove.forEach((fn) => fn());
  });

  it('reports NaN for a source that fails, and the scrape still succeeds', async () => {
    const remove = sampledGauge('test_failing', 'test', async () => {
      throw new Error('database unavailable');
    });
    // prom-client writes `Nan`; Prometheus (Go's ParseFloat) reads NaN in any case.
    await expect(register.metrics()).resolves.toMatch(/^test_failing nan$/im);
    remove();
  });
});
