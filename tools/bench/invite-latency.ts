// Invite-to-email latency against a RUNNING stack (`./portico start`): a benchmark, not a test.
//
//   npm run bench:invite            (or: node tools/bench/invite-latency.ts, from the repo root)
//
// Logs in as the demo owner, creates BENCH_COUNT clients, waits until the invitations service
// knows them (untimed), then invites them one at a time and measures, for each, the time to
// the 202 and the time until Mailpit holds the email (polled every 10 ms).
//
// Environment (defaults: the dev profile of the stack in the current directory):
//   BENCH_GATEWAY_URL   http://127.0.0.1:${PORTICO_GATEWAY_PORT:-8080}
//   BENCH_MAILPIT_URL   http://127.0.0.1:${PORTICO_MAILPIT_PORT:-18025}
//   BENCH_EMAIL         owner@demo-firm.test
//   BENCH_PASSWORD      contents of .local/dev/demo-credentials
//   BENCH_COUNT         20
//   BENCH_DEADLINE_MS   120000 (the whole run)
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  call,
  describeFailure,
  expectStatus,
  fail,
  gatewayUrl,
  intEnv,
  loginAsOwner,
  mailpitUrl,
  ownerEmail,
  remainingMs,
  startDeadline,
  type Reply,
} from './common.ts';

const POLL_MS = 10;

/** Percentile by nearest rank over sorted values. */
function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const ms = (value: number): string => value.toFixed(1).padStart(7);

async function main(): Promise<void> {
  const count = intEnv('BENCH_COUNT', 20);
  startDeadline(120_000);
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  console.log(`invite-latency: ${count} invitations, gateway ${gatewayUrl}, mailpit ${mailpitUrl}, run ${run}`);

  // 1. The stack is there.
  expectStatus(await call('GET', `${gatewayUrl}/health/ready`, 'gateway readiness'), [200], 'gateway readiness (GET /health/ready)');
  expectStatus(await call('GET', `${mailpitUrl}/api/v1/messages?limit=1`, 'mailpit check'), [200], 'mailpit (GET /api/v1/messages)');

  // 2. Log in as the demo owner.
  const token = await loginAsOwner();
  console.log(`logged in as ${ownerEmail}`);

  // 3. Create the clients, each with one unique email on file.
  let t = performance.now();
  const clients: Array<{ id: string; email: string }> = [];
  for (let i = 1; i <= count; i++) {
    const email = `bench-${run}-${i}@example.test`;
    const step = `creating client ${i} (${email})`;
    const created = await call<{ id?: string }>('POST', `${gatewayUrl}/api/clients/clients`, step, {
      token,
      body: { kind: 'individual', displayName: `Bench ${run} #${i}`, emails: [email] },
    });
    expectStatus(created, [201], step);
    clients.push({ id: String(created.body?.id ?? fail(`${step}: no id in the answer`)), email });
  }
  console.log(`created ${count} clients in ${(performance.now() - t).toFixed(0)} ms`);

  // 4. Untimed: wait until the invitations service has each client (ClientCreated applied).
  t = performance.now();
  for (const client of clients) {
    const step = `waiting for the invitations service to know client ${client.id}`;
    for (;;) {
      const listed = await call('GET', `${gatewayUrl}/api/invitations/clients/${client.id}/invitations`, step, { token });
      if (listed.status === 200) break;
      expectStatus(listed, [404, 503], step);
      remainingMs(step);
      await sleep(25);
    }
  }
  console.log(`invitations service knows all ${count} clients after ${(performance.now() - t).toFixed(0)} ms`);

  // 5. Timed: invite each client, then poll Mailpit until its email is there.
  const requestMs: number[] = [];
  const emailMs: number[] = [];
  for (const [index, client] of clients.entries()) {
    const label = `[${String(index + 1).padStart(String(count).length)}/${count}]`;
    let t0: number;
    let invited: Reply<{ invitations?: Array<{ existing?: boolean }> }>;
    for (;;) {
      t0 = performance.now();
      invited = await call<{ invitations?: Array<{ existing?: boolean }> }>(
        'POST',
        `${gatewayUrl}/api/invitations/clients/${client.id}/invitations`,
        `inviting ${client.email}`,
        {
          token,
          body: { clientEmails: [client.email] },
        },
      );
      // 503: the firm is not known to invitations yet; nothing was requested, so retry untimed.
      if (invited.status !== 503) break;
      remainingMs(`inviting ${client.email} (firm not known to invitations yet)`);
      await sleep(25);
    }
    const tResponse = performance.now();
    expectStatus(invited, [202], `inviting ${client.email} (POST /api/invitations/clients/${client.id}/invitations)`);
    const invitation = invited.body?.invitations?.[0];
    if (invitation?.existing !== false) fail(`inviting ${client.email}: expected a new invitation, got ${JSON.stringify(invited.body)}`);

    const search = `${mailpitUrl}/api/v1/search?query=${encodeURIComponent(`to:"${client.email}"`)}`;
    let t1: number;
    for (;;) {
      const step = `waiting for the email to ${client.email} in Mailpit`;
      const found = await call<{ messages?: Array<{ To?: Array<{ Address?: string }> }> }>('GET', search, step);
      expectStatus(found, [200], step);
      t1 = performance.now();
      const messages = found.body?.messages ?? [];
      if (messages.some((m) => m.To?.some((to) => to.Address?.toLowerCase() === client.email))) break;
      remainingMs(step);
      await sleep(POLL_MS);
    }
    requestMs.push(tResponse - t0);
    emailMs.push(t1 - t0);
    console.log(`${label} ${client.email}: 202 in ${(tResponse - t0).toFixed(1)} ms, email after ${(t1 - t0).toFixed(1)} ms`);
  }

  // 6. Summary.
  const req = [...requestMs].sort((a, b) => a - b);
  const mail = [...emailMs].sort((a, b) => a - b);
  const cpu = cpus();
  console.log(`
summary (${count} invitations, sequential, Mailpit polled every ${POLL_MS} ms)
                          median      p95      min      max   (ms)
  request (to 202)       ${ms(pct(req, 50))}  ${ms(pct(req, 95))}  ${ms(req[0]!)}  ${ms(req.at(-1)!)}
  invite -> email seen   ${ms(pct(mail, 50))}  ${ms(pct(mail, 95))}  ${ms(mail[0]!)}  ${ms(mail.at(-1)!)}
machine: ${cpu.length} cpus (${cpu[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${process.platform}-${process.arch}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`\ninvite-latency FAILED: ${describeFailure(err)}`);
    process.exit(1);
  },
);
