import { Logger } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { UpstreamPool } from './upstream-pool';

/** A replica whose `/health/ready` answers `ready.status`, counting how often it was asked. */
async function replica(): Promise<{ url: string; ready: { status: number; asked: number }; server: Server }> {
  const ready = { status: 200, asked: 0 };
  const server = createServer((req, res) => {
    if (req.url === '/health/ready') ready.asked++;
    res.writeHead(req.url === '/health/ready' ? ready.status : 200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ready, server };
}

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const options = { checkIntervalMs: 20, probeTimeoutMs: 500 };
const picks = (pool: UpstreamPool, count: number) => Array.from({ length: count }, () => pool.pick());

describe('UpstreamPool', () => {
  const servers: Server[] = [];
  const pools: UpstreamPool[] = [];
  const pool = (urls: string[]) => {
    const created = new UpstreamPool('invitations', urls, options);
    pools.push(created);
    return created;
  };
  const started = async () => {
    const replicas = [await replica(), await replica()];
    servers.push(...replicas.map((one) => one.server));
    return replicas;
  };

  // The pool logs each member leaving and rejoining the rotation.
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(async () => {
    pools.splice(0).forEach((one) => one.stop());
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('takes the members in turn', () => {
    expect(picks(pool(['http://a:1', 'http://b:1', 'http://c:1']), 6)).toEqual([
      'http://a:1',
      'http://b:1',
      'http://c:1',
      'http://a:1',
      'http://b:1',
      'http://c:1',
    ]);
  });

  it('takes a member that failed its check out of rotation until it answers 200 again', async () => {
    const [a, b] = await started();
    const checked = pool([a.url, b.url]);
    checked.start();
    a.ready.status = 503;
    await until(() => checked.status()[0].ready === false);
    expect(checked.status()[0]).toEqual({ url: a.url, ready: false, reason: 'readiness answered 503' });
    expect(picks(checked, 4)).toEqual([b.url, b.url, b.url, b.url]);

    a.ready.status = 200;
    await until(() => checked.status()[0].ready);
    expect(new Set(picks(checked, 4))).toEqual(new Set([a.url, b.url]));
  });

  it('takes a member that cannot be reached out of rotation', async () => {
    const [a, b] = await started();
    await new Promise((resolve) => b.server.close(resolve));
    const checked = pool([a.url, b.url]);
    checked.start();
    await until(() => checked.status()[1].ready === false);
    expect(checked.status()[1].reason).toBe('ECONNREFUSED');
    expect(picks(checked, 3)).toEqual([a.url, a.url, a.url]);
  });

  it('takes a member a request could not reach out at once, and back when its check answers 200', async () => {
    const [a, b] = await started();
    const checked = pool([a.url, b.url]);
    checked.markDown(a.url, 'ECONNREFUSED');
    expect(picks(checked, 2)).toEqual([b.url, b.url]);
    checked.start();
    await until(() => checked.status()[0].ready);
  });

  it('still routes to a member when none is ready, and to no member already tried', () => {
    const down = pool(['http://a:1', 'http://b:1']);
    down.markDown('http://a:1', 'ECONNREFUSED');
    down.markDown('http://b:1', 'ECONNREFUSED');
    expect(['http://a:1', 'http://b:1']).toContain(down.pick());
    expect(down.pickOther(['http://a:1'])).toBe('http://b:1');
    expect(down.pickOther(['http://a:1', 'http://b:1'])).toBeUndefined();
  });

  it('never checks a single member, and always routes to it', async () => {
    const [a] = await started();
    const single = pool([a.url]);
    single.start();
    single.markDown(a.url, 'ECONNRESET');
    await new Promise((resolve) => setTimeout(resolve, 10 * options.checkIntervalMs));
    expect(a.ready.asked).toBe(0);
    expect(single.status()).toEqual([{ url: a.url, ready: true }]);
    expect(picks(single, 2)).toEqual([a.url, a.url]);
  });

  it('stops checking when stopped', async () => {
    const [a, b] = await started();
    const checked = pool([a.url, b.url]);
    checked.start();
    await until(() => a.ready.asked >= 2);
    checked.stop();
    const asked = a.ready.asked;
    await new Promise((resolve) => setTimeout(resolve, 5 * options.checkIntervalMs));
    expect(a.ready.asked).toBe(asked);
  });
});
