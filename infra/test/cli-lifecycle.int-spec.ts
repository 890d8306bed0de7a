// What `node infra/src/cli.ts up|down|reset|status` promises, on private instances (own temp
// state dir and ports), with the real mongo stand-in, Versity S3 and Mailpit processes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { PORT_ENV, down, portIsFree, serverPaths, type Ports, type ServerName } from '../src/index.ts';
import { PrivateInfra, isRunning, mailCount, poll, processStartTime, sendMail } from './private-infra.ts';

const TRIO: ServerName[] = ['mongo', 's3', 'smtp'];

async function mongoRoundTrip(infra: PrivateInfra, value: string): Promise<unknown> {
  const client = new MongoClient(`mongodb://127.0.0.1:${infra.ports.mongo}`, { serverSelectionTimeoutMS: 5000 });
  try {
    const probes = client.db('infra_test').collection<{ value: string }>('probes');
    await probes.insertOne({ value });
    return (await probes.findOne({ value }, { projection: { _id: 0 } })) ?? undefined;
  } finally {
    await client.close();
  }
}

async function mongoHas(infra: PrivateInfra, value: string): Promise<boolean> {
  const client = new MongoClient(`mongodb://127.0.0.1:${infra.ports.mongo}`, { serverSelectionTimeoutMS: 5000 });
  try {
    return (await client.db('infra_test').collection('probes').countDocuments({ value })) === 1;
  } finally {
    await client.close();
  }
}

const httpStatus = (url: string): Promise<number> => fetch(url).then((r) => r.status);

function pidFileBody(pid: number, startTime: string): string {
  return `${pid}\n${startTime} 000000000000\n`;
}

describe('up', () => {
  let infra: PrivateInfra;
  beforeAll(async () => {
    infra = await PrivateInfra.create();
  });
  afterAll(() => infra?.dispose());

  it('starts mongo, s3 and smtp healthy: mongo stores and finds a document, S3 and Mailpit answer health, SMTP talks', async () => {
    const out = await infra.run('up', 'mongo', 's3', 'smtp');

    for (const server of TRIO) {
      const pid = infra.pid(server)!;
      expect(isRunning(pid)).toBe(true);
      expect(out).toMatch(new RegExp(`^ +${server} .* healthy in [\\d.]+ s \\(pid ${pid}\\)$`, 'm'));
    }
    expect(out).toMatch(/3 started/);
    await expect(mongoRoundTrip(infra, 'first')).resolves.toEqual({ value: 'first' });
    expect(await httpStatus(`http://127.0.0.1:${infra.ports.s3}/health`)).toBe(200);
    expect(await httpStatus(`http://127.0.0.1:${infra.ports.mailpit}/readyz`)).toBe(200);
    await sendMail(infra.ports.smtp, 'up smoke');
    await poll(async () => (await mailCount(infra.opts)) === 1, 'the mail in Mailpit');
    // Kafka was not asked for.
    expect(infra.pid('kafka')).toBeUndefined();
    expect(await portIsFree(infra.ports.kafka)).toBe(true);
  });

  it('a second up is a no-op: same pids, "already running", nothing restarted (the in-memory data is still there)', async () => {
    await infra.run('up', 'mongo', 's3', 'smtp');
    await mongoRoundTrip(infra, 'kept');
    const before = TRIO.map((server) => infra.pid(server));

    const out = await infra.run('up', 'mongo', 's3', 'smtp');

    expect(TRIO.map((server) => infra.pid(server))).toEqual(before);
    for (const [i, server] of TRIO.entries()) {
      expect(out).toMatch(new RegExp(`^ +${server} .* already running \\(pid ${before[i]}\\)$`, 'm'));
      expect(isRunning(before[i]!)).toBe(true);
    }
    expect(out).toContain('everything was already running');
    expect(out).not.toMatch(/healthy in/);
    expect(await mongoHas(infra, 'kept')).toBe(true);

    const status = await infra.run('status');
    for (const [i, server] of TRIO.entries()) {
      expect(status).toMatch(new RegExp(`^${server} +running +pid ${before[i]} +port ${infra.ports[server]} +healthy$`, 'm'));
    }
    expect(status).toMatch(/^kafka +stopped/m);
  });
});

describe('stale pid files', () => {
  let infra: PrivateInfra;
  beforeAll(async () => {
    infra = await PrivateInfra.create();
  });
  afterAll(() => infra?.dispose());

  it('after the server was killed with SIGKILL, up starts it again', async () => {
    await infra.run('up', 'mongo');
    const killed = infra.pid('mongo')!;
    process.kill(killed, 'SIGKILL');
    await poll(() => !isRunning(killed), `pid ${killed} to exit`);
    expect(infra.pid('mongo')).toBe(killed); // the stale pid file is still there
    expect(await infra.run('status')).toMatch(/^mongo +stopped/m);

    const out = await infra.run('up', 'mongo');

    const restarted = infra.pid('mongo')!;
    expect(restarted).not.toBe(killed);
    expect(isRunning(restarted)).toBe(true);
    expect(out).toMatch(new RegExp(`mongo .* healthy in [\\d.]+ s \\(pid ${restarted}\\)`));
    await expect(mongoRoundTrip(infra, 'after-crash')).resolves.toEqual({ value: 'after-crash' });
  });

  it.each([
    ['a `sleep 60` (pid file with its real start time)', 'sleep', ['60'], (startTime: string) => startTime],
    // A recycled pid: the command line even looks like the server's, but it started later.
    [
      'a process whose command line mentions PorticoMongo (pid file from an earlier start)',
      process.execPath,
      ['-e', 'setInterval(() => {}, 1000)', 'PorticoMongo'],
      (startTime: string) => String(Number(startTime) - 1),
    ],
  ])('a pid file naming %s: up starts mongo and leaves that process alive', async (_what, command, args, recordedStart) => {
    await infra.run('down', 'mongo');
    const unrelated = infra.spawnUnrelated(command, args);
    const startTime = await poll(() => processStartTime(unrelated.pid), 'the unrelated process');
    writeFileSync(infra.pidFile('mongo'), pidFileBody(unrelated.pid, recordedStart(startTime)));
    expect(await infra.run('status')).toMatch(/^mongo +stopped/m);

    const out = await infra.run('up', 'mongo');

    const mongoPid = infra.pid('mongo')!;
    expect(mongoPid).not.toBe(unrelated.pid);
    expect(out).toMatch(new RegExp(`mongo .* healthy in [\\d.]+ s \\(pid ${mongoPid}\\)`));
    expect(isRunning(mongoPid)).toBe(true);
    expect(processStartTime(unrelated.pid)).toBe(startTime); // untouched
    await expect(mongoRoundTrip(infra, `beside ${command}`)).resolves.toEqual({ value: `beside ${command}` });
  });
});

describe('a port held by another process', () => {
  let infra: PrivateInfra;
  beforeAll(async () => {
    infra = await PrivateInfra.create();
  });
  afterAll(() => infra?.dispose());

  it.each<[ServerName, keyof Ports]>([
    ['mongo', 'mongo'],
    ['smtp', 'mailpit'],
    ['kafka', 'kafkaController'],
    ['kafka', 'kafkaSasl'],
  ])('up fails naming the port, %s and the variable for its %s port; nothing starts, no data is wiped', async (server, portKey) => {
    const port = infra.ports[portKey];
    const listener = await infra.occupy(port);
    // Data a real start of mongo would wipe (freshness rule): a failed up must leave it.
    const sentinel = join(serverPaths(infra.opts, 's3').data, 'sentinel');
    mkdirSync(serverPaths(infra.opts, 's3').data, { recursive: true });
    writeFileSync(sentinel, 'keep me');
    try {
      const result = await infra.cli('up');

      expect(result.code).toBe(1);
      const line = result.stderr.split('\n').find((l) => l.includes(`port ${port}`));
      expect(line).toBeDefined();
      expect(line).toContain(server);
      expect(line).toContain(PORT_ENV[portKey]);
      const run = join(infra.stateDir, 'run');
      expect(existsSync(run) ? readdirSync(run).filter((f) => f.endsWith('.pid')) : []).toEqual([]);
      for (const key of Object.keys(infra.ports) as Array<keyof Ports>) {
        if (key !== portKey) expect(await portIsFree(infra.ports[key])).toBe(true);
      }
      expect(existsSync(sentinel)).toBe(true);
      expect(listener.listening).toBe(true);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
      await down(infra.opts); // whatever a broken up started must not spoil the next case
    }
  });
});

describe('down and reset', () => {
  let infra: PrivateInfra;
  beforeAll(async () => {
    infra = await PrivateInfra.create();
  });
  afterAll(() => infra?.dispose());

  it('down stops exactly what up started, leaves unrelated processes alone, and is safe to run twice', async () => {
    await infra.run('up', 'mongo', 's3', 'smtp');
    const [mongo, s3, smtp] = TRIO.map((server) => infra.pid(server)!) as [number, number, number];
    // Kafka never ran here; its pid file names somebody else's process.
    const unrelated = infra.spawnUnrelated('sleep', ['60']);
    const unrelatedStart = await poll(() => processStartTime(unrelated.pid), 'sleep to start');
    writeFileSync(infra.pidFile('kafka'), pidFileBody(unrelated.pid, unrelatedStart));

    const one = await infra.run('down', 'mongo');
    expect(one).toMatch(new RegExp(`mongo stopped \\(pid ${mongo}\\)`));
    expect(isRunning(mongo)).toBe(false);
    expect([isRunning(s3), isRunning(smtp)]).toEqual([true, true]);

    const all = await infra.run('down');
    expect(all).toMatch(new RegExp(`s3 +stopped \\(pid ${s3}\\)`));
    expect(all).toMatch(new RegExp(`smtp +stopped \\(pid ${smtp}\\)`));
    expect(all).toMatch(/mongo not running/);
    expect(all).toMatch(/kafka not running/);
    expect([isRunning(mongo), isRunning(s3), isRunning(smtp)]).toEqual([false, false, false]);
    expect(processStartTime(unrelated.pid)).toBe(unrelatedStart);
    for (const server of [...TRIO, 'kafka'] as ServerName[]) expect(existsSync(infra.pidFile(server))).toBe(false);

    const again = await infra.cli('down');
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n').filter(Boolean).sort()).toEqual(
      ['kafka', 'mongo', 's3', 'smtp'].map((s) => expect.stringMatching(new RegExp(`^ +${s} +not running$`))),
    );
    expect(processStartTime(unrelated.pid)).toBe(unrelatedStart);
  });

  it('mail survives down and up, and reset wipes it (reset stops the server and deletes the data dir)', async () => {
    await infra.run('up', 'smtp');
    await sendMail(infra.ports.smtp, 'before reset');
    await poll(async () => (await mailCount(infra.opts)) === 1, 'the mail in Mailpit');
    await infra.run('down', 'smtp');
    await infra.run('up', 'smtp');
    expect(await mailCount(infra.opts)).toBe(1);
    const pid = infra.pid('smtp')!;

    const out = await infra.run('reset');

    expect(out).toContain(`deleted ${join(infra.stateDir, 'data')}`);
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(join(infra.stateDir, 'data'))).toBe(false);
    await infra.run('up', 'smtp');
    expect(await mailCount(infra.opts)).toBe(0);
  });
});

describe('freshness rule for the mail', () => {
  let infra: PrivateInfra;
  beforeAll(async () => {
    infra = await PrivateInfra.create();
  });
  afterAll(() => infra?.dispose());

  it('a mongo start wipes the mail of a stopped Mailpit, and leaves a running one alone', async () => {
    await infra.run('up', 'smtp');
    await sendMail(infra.ports.smtp, 'kept while running');
    await poll(async () => (await mailCount(infra.opts)) === 1, 'the mail in Mailpit');

    await infra.run('up', 'mongo'); // mongo starts empty; the running Mailpit is left as it is
    expect(await mailCount(infra.opts)).toBe(1);
    await infra.run('down', 'smtp'); // its data too: the mail is still there after a restart
    await infra.run('up', 'smtp');
    expect(await mailCount(infra.opts)).toBe(1);

    await infra.run('down');
    const out = await infra.run('up', 'mongo', 'smtp');
    expect(out).toMatch(/wiped .*smtp/);
    expect(await mailCount(infra.opts)).toBe(0);
  });
});
