// Bulk invitation throughput against a RUNNING stack (`./portico start`): a benchmark, not a test.
//
//   npm run bench:bulk            (or: node tools/bench/bulk.ts, from the repo root of the started stack)
//
// 1. Seeds (untimed) BENCH_CLIENTS clients with a unique email, BENCH_NO_EMAIL without email and
//    BENCH_WITH_PORTAL that already have a portal (bulk-invited by id, then accepted with the
//    emailed link through identity's accept endpoint), all named after this run so the job
//    selects only them (filter `q` = the run tag, on top of "without portal" + "has email").
// 2. Clears Mailpit, then times one POST /api/invitations/bulk: the request, the time until
//    Mailpit holds every email, the time until the job's progress reads sent == BENCH_CLIENTS.
//    Meanwhile samples VmRSS of every process in .local/dev/run/*.pid (500 ms) and, every
//    BENCH_STAGE_MS, the stages: invitations issued / sent (the stack's MongoDB, read directly),
//    deliveries created / sent (notifications' database), consumer lag of the `invitations`
//    and `notifications` groups (kafkajs admin).
// 3. The bare chain in the same run (the physical limit): kafkajs produce one message per
//    recipient to a scratch 6-partition topic, a consumer (6 partitions concurrently) doing one
//    MongoDB insertOne and one pooled nodemailer send to the same Mailpit per message; from the
//    first produce to the last SMTP accept. Scratch topic, database and emails are removed.
//
// Environment (defaults: the dev profile of the stack in the current directory):
//   BENCH_GATEWAY_URL   http://127.0.0.1:${PORTICO_GATEWAY_PORT:-8080}
//   BENCH_MAILPIT_URL   http://127.0.0.1:${PORTICO_MAILPIT_PORT:-18025}
//   BENCH_SMTP          127.0.0.1:${PORTICO_SMTP_PORT:-11025}
//   BENCH_KAFKA         127.0.0.1:${PORTICO_KAFKA_PORT:-19092}
//   BENCH_MONGO_URL     mongodb://127.0.0.1:${PORTICO_MONGO_PORT:-27117}
//   BENCH_STACK_ROOT    the current directory (pid files in <root>/.local/dev/run, node_modules)
//   BENCH_EMAIL         owner@demo-firm.test
//   BENCH_PASSWORD      contents of <root>/.local/dev/demo-credentials
//   BENCH_CLIENTS       10000    clients to invite (the job's size; at most 10,000)
//   BENCH_NO_EMAIL      500      clients without email (skipped: noEmail)
//   BENCH_WITH_PORTAL   500      clients that already have a portal (invited, then accepted).
//                                identity limits invitation endpoints to 100/min per IP: against
//                                a stack started plainly, 500 accepts take ~5 min (429s are waited
//                                out); `PORTICO_SVC_INVITATION_RATE_LIMIT_PER_MINUTE=100 ./portico
//                                start` lifts it (1,000/min per IP) for a benchmark run.
//   BENCH_CONCURRENCY   16       parallel requests while seeding
//   BENCH_STAGE_MS      1000     stage sampling interval (0 = off; it reads the stack's Mongo)
//   BENCH_BARE          1        0 skips the bare chain
//   BENCH_TIMEOUT_MS    600000   how long the timed phase may take before giving up
//   BENCH_DEADLINE_MS   1800000  the whole run
//   BENCH_SUMMARY_FILE  (unset)  also write the headline figures there as JSON
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, describeFailure, env, expectStatus, fail, gatewayUrl, intEnv, loginAsOwner, mailpitUrl, remainingMs, root, startDeadline } from './common.ts';

const smtpAddr = env.BENCH_SMTP || `127.0.0.1:${env.PORTICO_SMTP_PORT || 11025}`;
const kafkaAddr = env.BENCH_KAFKA || `127.0.0.1:${env.PORTICO_KAFKA_PORT || 19092}`;
const mongoUrl = env.BENCH_MONGO_URL || `mongodb://127.0.0.1:${env.PORTICO_MONGO_PORT || 27117}`;
const GOAL_REQUEST_MS = 200;
const GOAL_ALL_MS = 30_000;
const GOAL_RATIO = 0.5;

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const secs = (msValue: number): string => `${(msValue / 1000).toFixed(2)} s`;
const mib = (kb: number): string => `${(kb / 1024).toFixed(0)} MiB`;
const mark = (ok: boolean): string => (ok ? 'MET' : 'NOT MET');

// ---------------------------------------------------------------- Mailpit

async function mailpitTotal(step: string): Promise<number> {
  const reply = await call<{ total?: number; messages_count?: number }>('GET', `${mailpitUrl}/api/v1/messages?limit=1`, step);
  expectStatus(reply, [200], step);
  return Number(reply.body?.total ?? reply.body?.messages_count ?? fail(`${step}: no total in Mailpit's answer`));
}

async function mailpitClear(step: string): Promise<void> {
  expectStatus(await call('DELETE', `${mailpitUrl}/api/v1/messages`, step), [200], step);
}

// ---------------------------------------------------------------- process memory

interface ProcMem {
  name: string;
  pid: number;
  peakSampledKb: number;
  hwmKb: number;
  cpuStart: number;
  cpuUsed: number;
}

function stackProcesses(): ProcMem[] {
  const dir = join(root, '.local', 'dev', 'run');
  if (!existsSync(dir)) return [];
  const procs: ProcMem[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.pid'))
    .sort()) {
    const pid = Number(readFileSync(join(dir, file), 'utf8').split('\n')[0]?.trim());
    if (Number.isInteger(pid) && pid > 0 && existsSync(`/proc/${pid}/status`))
      procs.push({ name: file.replace(/\.pid$/, ''), pid, peakSampledKb: 0, hwmKb: 0, cpuStart: 0, cpuUsed: 0 });
  }
  return procs;
}

/** CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat; 0 when gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // gone
  }
}

// ---------------------------------------------------------------- stage sampling (Mongo + Kafka lag)

interface StageSample {
  t: number;
  issued: number;
  invSent: number;
  deliveries: number;
  delivSent: number;
  lagInvitations: number;
  lagNotifications: number;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

async function groupLag(admin: Any, groupId: string, topics: string[]): Promise<number> {
  let lag = 0;
  for (const topic of topics) {
    const [high, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
    const committedBy = new Map<number, number>();
    for (const t of committed as Array<{ partitions: Array<{ partition: number; offset: string }> }>)
      for (const p of t.partitions) committedBy.set(p.partition, Number(p.offset));
    for (const p of high as Array<{ partition: number; high: string }>) {
      const c = committedBy.get(p.partition) ?? -1;
      lag += Number(p.high) - (c < 0 ? 0 : c);
    }
  }
  return lag;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  startDeadline(1_800_000);
  const n = intEnv('BENCH_CLIENTS', 10_000);
  if (n > 10_000) fail(`BENCH_CLIENTS=${n}: a bulk job takes at most 10,000 recipients`);
  const noEmail = intEnv('BENCH_NO_EMAIL', 500, 0);
  const withPortal = intEnv('BENCH_WITH_PORTAL', 500, 0);
  const concurrency = intEnv('BENCH_CONCURRENCY', 16);
  const stageMs = intEnv('BENCH_STAGE_MS', 1000, 0);
  const timeoutMs = intEnv('BENCH_TIMEOUT_MS', 600_000);
  const bare = env.BENCH_BARE !== '0';
  const run = `bk${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const requireFromRoot = createRequire(join(root, 'package.json'));
  const { Kafka, logLevel } = requireFromRoot('kafkajs') as Any;
  const { MongoClient } = requireFromRoot('mongodb') as Any;
  const nodemailer = requireFromRoot('nodemailer') as Any;
  const [smtpHost, smtpPort] = [smtpAddr.split(':')[0]!, Number(smtpAddr.split(':')[1])];
  const cpu = cpus();
  console.log(`bench:bulk run ${run}: ${n} to invite + ${noEmail} without email + ${withPortal} with a portal
  gateway ${gatewayUrl}, mailpit ${mailpitUrl}, smtp ${smtpAddr}, kafka ${kafkaAddr}, mongo ${mongoUrl}, stack root ${root}
  machine: ${cpu.length} cpus (${cpu[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`);

  expectStatus(await call('GET', `${gatewayUrl}/health/ready`, 'gateway readiness'), [200], 'gateway readiness (GET /health/ready)');
  await mailpitTotal('mailpit check');
  const token = await loginAsOwner();

  // ---------------------------------------------------------------- 1. seed (untimed)
  type Seed = { kind: 'invite' | 'noEmail' | 'portal'; i: number };
  const seeds: Seed[] = [
    ...Array.from({ length: n }, (_, i) => ({ kind: 'invite' as const, i })),
    ...Array.from({ length: noEmail }, (_, i) => ({ kind: 'noEmail' as const, i })),
    ...Array.from({ length: withPortal }, (_, i) => ({ kind: 'portal' as const, i })),
  ];
  const emailOf = (s: Seed): string => `${run}-${s.kind}-${s.i}@example.test`.toLowerCase();
  let t = performance.now();
  let created = 0;
  const ids = await pool(seeds, concurrency, async (s) => {
    const step = `creating client ${s.kind} #${s.i}`;
    for (let attempt = 0; ; attempt++) {
      const reply = await call<{ id?: string }>('POST', `${gatewayUrl}/api/clients/clients`, step, {
        token,
        body: { kind: 'individual', displayName: `Bench ${run} ${s.kind} ${s.i}`, ...(s.kind === 'noEmail' ? {} : { emails: [emailOf(s)] }) },
      });
      if ((reply.status === 429 || reply.status >= 500) && attempt < 5) {
        await sleep(200 * (attempt + 1));
        continue;
      }
      expectStatus(reply, [201], step);
      if (++created % 2000 === 0) console.log(`  ${created}/${seeds.length} clients created`);
      return String(reply.body?.id ?? fail(`${step}: no id`));
    }
  });
  console.log(`seed: created ${seeds.length} clients in ${secs(performance.now() - t)} (concurrency ${concurrency})`);

  const preview = async (selection: unknown, step: string) => {
    for (;;) {
      const reply = await call<{ willInvite: number; skipped: Record<string, unknown> }>('POST', `${gatewayUrl}/api/invitations/bulk/preview`, step, {
        token,
        body: selection,
      });
      if (reply.status !== 503) {
        expectStatus(reply, [200, 422], step);
        return reply.body!;
      }
      await sleep(250);
    }
  };

  // The ones that already have a portal: bulk-invited by id, each accepted with its emailed link.
  if (withPortal > 0) {
    t = performance.now();
    const portalIds = ids.slice(n + noEmail);
    for (;;) {
      const p = await preview({ clientIds: portalIds }, 'waiting for the invitations service to know the portal clients');
      if (p.willInvite === withPortal) break;
      remainingMs('waiting for the invitations service to know the portal clients');
      await sleep(250);
    }
    await mailpitClear('clearing Mailpit before the portal invitations');
    const job = await call('POST', `${gatewayUrl}/api/invitations/bulk`, 'inviting the portal clients', {
      token,
      body: { clientIds: portalIds },
      headers: { 'idempotency-key': `${run}-portal` },
    });
    expectStatus(job, [202], 'inviting the portal clients (POST /api/invitations/bulk)');
    const links = new Map<string, string>();
    while (links.size < withPortal) {
      const step = 'collecting the portal invitation links from Mailpit';
      const list = await call<{ messages?: Array<{ ID: string; To?: Array<{ Address?: string }> }> }>('GET', `${mailpitUrl}/api/v1/messages?limit=1000`, step);
      expectStatus(list, [200], step);
      for (const m of list.body?.messages ?? []) {
        const to = m.To?.[0]?.Address?.toLowerCase() ?? '';
        if (!to.startsWith(`${run}-portal-`) || links.has(to)) continue;
        const msg = await call<{ Text?: string; HTML?: string }>('GET', `${mailpitUrl}/api/v1/message/${m.ID}`, step);
        const link = /\/api\/identity\/invitations\/([A-Za-z0-9_-]{20,})/.exec(`${msg.body?.Text ?? ''} ${msg.body?.HTML ?? ''}`);
        if (link) links.set(to, link[1]!);
      }
      if (links.size < withPortal) {
        remainingMs(step);
        await sleep(250);
      }
    }
    let rateLimited = 0;
    await pool([...links.values()], 4, async (invitationToken) => {
      const step = 'accepting a portal invitation';
      for (;;) {
        const reply = await call('POST', `${gatewayUrl}/api/identity/invitations/${invitationToken}/accept`, step, {
          body: { password: `Bench-${run}-Portal-Pass!` },
        });
        if (reply.status === 429) {
          rateLimited++;
          await sleep(Math.max(1, Number(reply.headers.get('retry-after') ?? 5)) * 1000);
          continue;
        }
        expectStatus(reply, [200, 201], step);
        return;
      }
    });
    console.log(
      `seed: ${withPortal} clients invited and accepted in ${secs(performance.now() - t)}${rateLimited ? ` (${rateLimited} answers 429, waited out; PORTICO_SVC_INVITATION_RATE_LIMIT_PER_MINUTE=100 ./portico start lifts identity's limit)` : ''}`,
    );
  }

  // Untimed: the invitations service sees the whole selection as expected.
  t = performance.now();
  const selection = { filters: { portalStatus: 'none', hasEmail: true, q: run } };
  let all: { willInvite: number; skipped: Record<string, unknown> };
  for (;;) {
    const step = 'waiting until the preview counts every seeded client';
    const target = await preview(selection, step);
    all = await preview({ filters: { q: run } }, step);
    if (target.willInvite === n && all.willInvite === n && all.skipped.noEmail === noEmail && all.skipped.alreadyHasPortal === withPortal) break;
    remainingMs(`${step} (last: ${target.willInvite} to invite; unfiltered ${JSON.stringify(all)})`);
    await sleep(500);
  }
  console.log(`seed: preview agrees after ${secs(performance.now() - t)}: filters {without portal, has email, q=run} -> willInvite ${n};`);
  console.log(
    `      all of the run's clients -> willInvite ${all.willInvite}, skipped noEmail ${all.skipped.noEmail}, alreadyHasPortal ${all.skipped.alreadyHasPortal}`,
  );

  // ---------------------------------------------------------------- 2. timed bulk run
  await mailpitClear('clearing Mailpit');
  const procs = stackProcesses();
  for (const p of procs) p.cpuStart = cpuSeconds(p.pid);
  let sampling = true;
  const rssSampler = (async () => {
    while (sampling) {
      for (const p of procs) p.peakSampledKb = Math.max(p.peakSampledKb, statusKb(p.pid, 'VmRSS'));
      await sleep(500);
    }
  })();

  const mongo = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5000 });
  await mongo.connect();
  const kafka = new Kafka({ clientId: `bench-${run}`, brokers: [kafkaAddr], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const samples: StageSample[] = [];
  let jobId = '';
  const t0Wall = new Date();
  let t0 = 0;
  const stageSampler = (async () => {
    if (!stageMs) return;
    const invDb = mongo.db('portico_invitations');
    const notDb = mongo.db('portico_notifications');
    while (sampling) {
      if (jobId) {
        try {
          const [issued, invSent, deliveries, delivSent, lagInvitations, lagNotifications] = await Promise.all([
            invDb.collection('invitations').countDocuments({ jobId }),
            invDb.collection('invitations').countDocuments({ jobId, status: 'sent' }),
            notDb.collection('deliveries').countDocuments({ createdAt: { $gte: t0Wall } }),
            notDb.collection('deliveries').countDocuments({ createdAt: { $gte: t0Wall }, status: 'sent' }),
            groupLag(admin, 'invitations', ['portico.invitations.invitation.v1']),
            groupLag(admin, 'notifications', ['portico.invitations.email.v1']),
          ]);
          samples.push({ t: performance.now() - t0, issued, invSent, deliveries, delivSent, lagInvitations, lagNotifications });
        } catch (err) {
          console.log(`  (stage sample failed: ${(err as Error).message})`);
        }
      }
      await sleep(stageMs);
    }
  })();

  t0 = performance.now();
  const sent = await call<{ jobId?: string; willInvite?: number }>('POST', `${gatewayUrl}/api/invitations/bulk`, 'the bulk invite', {
    token,
    body: selection,
    headers: { 'idempotency-key': `${run}-main` },
  });
  const requestMs = performance.now() - t0;
  expectStatus(sent, [202], 'the bulk invite (POST /api/invitations/bulk)');
  jobId = String(sent.body?.jobId ?? fail('the bulk invite: no jobId'));
  if (sent.body?.willInvite !== n) fail(`the bulk invite: willInvite ${sent.body?.willInvite}, expected ${n}`);
  console.log(`\nbulk job ${jobId}: 202 in ${requestMs.toFixed(1)} ms`);

  const timedOut = (): boolean => performance.now() - t0 > timeoutMs;
  let allEmailsMs = NaN;
  let lastMail = 0;
  let allSentMs = NaN;
  let lastCounts: Record<string, number> = {};
  const mailWatch = (async () => {
    while (!timedOut()) {
      lastMail = await mailpitTotal('polling Mailpit');
      if (lastMail >= n) {
        allEmailsMs = performance.now() - t0;
        return;
      }
      await sleep(100);
    }
  })();
  const progressWatch = (async () => {
    let lastLog = 0;
    while (!timedOut()) {
      const reply = await call<{ counts?: Record<string, number> }>('GET', `${gatewayUrl}/api/invitations/bulk/${jobId}`, 'polling job progress', { token });
      expectStatus(reply, [200], 'polling job progress');
      lastCounts = reply.body?.counts ?? {};
      const now = performance.now() - t0;
      if ((lastCounts.sent ?? 0) >= n) {
        allSentMs = now;
        return;
      }
      if (now - lastLog > 5000) {
        lastLog = now;
        console.log(`  t=${secs(now)}: progress ${JSON.stringify(lastCounts)}, mailpit ${lastMail}`);
      }
      await sleep(250);
    }
  })();
  await Promise.all([mailWatch, progressWatch]);
  sampling = false;
  await Promise.all([rssSampler, stageSampler]);
  for (const p of procs) {
    p.hwmKb = statusKb(p.pid, 'VmHWM');
    p.cpuUsed = cpuSeconds(p.pid) - p.cpuStart;
  }
  const finalMail = await mailpitTotal('final Mailpit count');

  // ---------------------------------------------------------------- 3. bare chain
  let bareMs = NaN;
  let bareNote = 'skipped (BENCH_BARE=0)';
  let bareCpuNote = '';
  if (bare) {
    await mailpitClear('clearing Mailpit before the bare chain');
    const topic = `bench.bare.${run}`;
    const dbName = `bench_bare_${run}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
    const coll = mongo.db(dbName).collection('recipients');
    const transport = nodemailer.createTransport({ host: smtpHost, port: smtpPort, secure: false, pool: true, maxConnections: 5, ignoreTLS: true });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    const consumer = kafka.consumer({ groupId: `bench-bare-${run}` });
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let joined!: () => void;
    const joinedP = new Promise<void>((resolve) => (joined = resolve));
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    let done = 0;
    let bareEnd = 0;
    let finished!: () => void;
    const finishedP = new Promise<void>((resolve) => (finished = resolve));
    let bareError: unknown;
    await consumer.run({
      partitionsConsumedConcurrently: 6,
      eachMessage: async ({ message }: Any) => {
        try {
          const r = JSON.parse(message.value.toString()) as { id: string; email: string; name: string };
          await coll.insertOne({ _id: r.id, email: r.email, status: 'sent', at: new Date() });
          await transport.sendMail({
            from: 'bench@portico.test',
            to: r.email,
            subject: `Invitation for ${r.name}`,
            text: `Hello ${r.name}, join: http://127.0.0.1/x/${r.id}`,
          });
          if (++done === n) {
            bareEnd = performance.now();
            finished();
          }
        } catch (err) {
          bareError = err;
          finished();
        }
      },
    });
    await joinedP;
    // CPU of the bare chain: this process (its producer, consumer and SMTP client) plus the servers it uses.
    const bareServers = procs.filter((p) => ['kafka', 'mongo', 'smtp'].includes(p.name));
    const bareCpuStart = bareServers.map((p) => cpuSeconds(p.pid));
    const ownCpuStart = process.cpuUsage();
    const tb0 = performance.now();
    const BATCH = 500;
    for (let i = 0; i < n; i += BATCH) {
      const messages = [];
      for (let j = i; j < Math.min(n, i + BATCH); j++) {
        messages.push({ key: `r${j}`, value: JSON.stringify({ id: `${run}-${j}`, email: `${run}-bare-${j}@example.test`, name: `Bare ${j}` }) });
      }
      await producer.send({ topic, messages });
    }
    const produceMs = performance.now() - tb0;
    await Promise.race([finishedP, sleep(timeoutMs)]);
    if (bareError) fail(`bare chain: ${(bareError as Error).message}`);
    bareMs = bareEnd ? bareEnd - tb0 : NaN;
    const ownCpu = process.cpuUsage(ownCpuStart);
    const serverCpu = bareServers.map((p, i) => `${p.name} ${(cpuSeconds(p.pid) - bareCpuStart[i]!).toFixed(1)} s`);
    bareCpuNote = `CPU of the bare chain: the bench process ${((ownCpu.user + ownCpu.system) / 1e6).toFixed(1)} s, ${serverCpu.join(', ')}`;
    await consumer.disconnect();
    await producer.disconnect();
    transport.close();
    const bareMail = await mailpitTotal('bare chain Mailpit count');
    bareNote = `${done}/${n} done, produce of all ${n} took ${secs(produceMs)}, Mailpit holds ${bareMail}`;
    await admin.deleteTopics({ topics: [topic] }).catch((err: Error) => console.log(`  (could not delete ${topic}: ${err.message})`));
    await admin.deleteGroups([`bench-bare-${run}`]).catch(() => undefined);
    await mongo.db(dbName).dropDatabase();
    await mailpitClear('removing the bare chain emails');
  }
  await admin.disconnect();
  await mongo.close();

  // ---------------------------------------------------------------- 4. report
  const rate = (count: number, msValue: number): string => (Number.isFinite(msValue) ? `${(count / (msValue / 1000)).toFixed(0)} emails/s` : 'n/a');
  const porticoMs = Math.max(allEmailsMs, allSentMs);
  const ratio = bareMs / porticoMs;
  console.log(`
=== bench:bulk results (${n} recipients, run ${run}) ===
request (POST /api/invitations/bulk -> 202)   ${requestMs.toFixed(1)} ms      goal < ${GOAL_REQUEST_MS} ms: ${mark(requestMs < GOAL_REQUEST_MS)}
all ${n} emails in Mailpit                     ${Number.isFinite(allEmailsMs) ? secs(allEmailsMs) : `NOT reached in ${secs(timeoutMs)} (${lastMail})`}  ${rate(n, allEmailsMs)}
all ${n} invitations "sent" (job progress)     ${Number.isFinite(allSentMs) ? secs(allSentMs) : `NOT reached in ${secs(timeoutMs)} (${JSON.stringify(lastCounts)})`}
  goal: all delivered and "sent" <= ${GOAL_ALL_MS / 1000} s: ${mark(porticoMs <= GOAL_ALL_MS)}
  Mailpit total at the end: ${finalMail} (expected ${n}: ${finalMail === n ? 'no loss, no duplicate' : 'MISMATCH'})
bare chain (kafkajs produce+consume, 1 insertOne, 1 pooled SMTP send each)  ${Number.isFinite(bareMs) ? `${secs(bareMs)}  ${rate(n, bareMs)}` : 'n/a'}  (${bareNote})
${bareCpuNote ? `  ${bareCpuNote}\n` : ''}ratio Portico/bare (bare time / Portico time)  ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'}      goal >= ${GOAL_RATIO}: ${mark(ratio >= GOAL_RATIO)}

per process (.local/dev/run/*.pid)   peak RSS: VmHWM (lifetime)   max VmRSS sampled   CPU s used during the job`);
  for (const p of procs)
    console.log(
      `  ${p.name.padEnd(22)} pid ${String(p.pid).padEnd(8)} ${mib(p.hwmKb).padStart(10)}   ${mib(p.peakSampledKb).padStart(10)}   ${p.cpuUsed.toFixed(1).padStart(8)}`,
    );
  const cpuTotal = procs.reduce((sum, p) => sum + p.cpuUsed, 0);
  const busyCores = cpuTotal / (porticoMs / 1000);
  console.log(`  all of the above: ${cpuTotal.toFixed(1)} CPU s in ${secs(porticoMs)} (${busyCores.toFixed(2)} of ${cpus().length} cores busy)`);
  if (env.BENCH_SUMMARY_FILE) {
    // For a script that compares runs (bench:observability): the headline figures, machine-readable.
    const summary = {
      recipients: n,
      requestMs,
      allEmailsMs,
      allSentMs,
      porticoMs,
      bareMs,
      cpuSeconds: cpuTotal,
      cpuByProcess: Object.fromEntries(procs.map((p) => [p.name, p.cpuUsed])),
      mailpitTotal: finalMail,
    };
    writeFileSync(env.BENCH_SUMMARY_FILE, `${JSON.stringify(summary, null, 2)}\n`);
  }
  const heaviest = [...procs].sort((a, b) => b.cpuUsed - a.cpuUsed).slice(0, 4);
  console.log(
    `limit: ${busyCores >= cpus().length * 0.85 ? 'the CPU: every core was busy during the job' : 'not the CPU (cores left idle): waiting on I/O or a stage below'}; ` +
      `most CPU: ${heaviest.map((p) => `${p.name} ${p.cpuUsed.toFixed(1)} s (${((p.cpuUsed / cpuTotal) * 100).toFixed(0)} %)`).join(', ')}`,
  );

  if (samples.length) {
    const firstAt = (pick: (s: StageSample) => number, target: number): string => {
      const hit = samples.find((s) => pick(s) >= target);
      return hit ? `<= ${secs(hit.t)}` : `not within sampling (last ${pick(samples.at(-1)!)})`;
    };
    const maxLag = (pick: (s: StageSample) => number): string => {
      const top = samples.reduce((a, s) => (pick(s) > pick(a) ? s : a));
      return `${pick(top)} at ${secs(top.t)}`;
    };
    console.log(`
stages (sampled every ${stageMs} ms from the stack's Mongo and Kafka; times since the request):
  all ${n} invitations issued (InvitationRequested consumed)     ${firstAt((s) => s.issued, n)}
  all ${n} deliveries created by notifications                   ${firstAt((s) => s.deliveries, n)}
  all ${n} deliveries sent (SMTP accepted)                       ${firstAt((s) => s.delivSent, n)}
  all ${n} invitations "sent" (EmailSent consumed)               ${firstAt((s) => s.invSent, n)}
  max lag: group invitations on the invitation topic ${maxLag((s) => s.lagInvitations)}, group notifications on the email topic ${maxLag((s) => s.lagNotifications)}
  timeline (t, issued, deliveries created, deliveries sent, invitations sent, lag invitations, lag notifications):`);
    const every = Math.max(1, Math.ceil(samples.length / 25));
    samples.forEach((s, i) => {
      if (i % every === 0 || i === samples.length - 1)
        console.log(
          `    ${secs(s.t).padStart(9)} ${String(s.issued).padStart(6)} ${String(s.deliveries).padStart(6)} ${String(s.delivSent).padStart(6)} ${String(s.invSent).padStart(6)} ${String(s.lagInvitations).padStart(7)} ${String(s.lagNotifications).padStart(7)}`,
        );
    });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`\nbench:bulk FAILED: ${describeFailure(err)}`);
    process.exit(1);
  },
);
