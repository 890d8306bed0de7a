import { deadLetterTopic, deadLetterTopicSpec, Topics } from '@portico/contracts';
import { ensureTopics } from '@portico/messaging';
import { MailpitClient, PrivateInfra, TestStack, waitFor, type MailSummary } from '@portico/testing';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

// Issue 5, "Nothing lost, nothing doubled": bulk jobs through the gateway on the real stack,
// with a fault injected mid-job. Kafka and Mailpit are PRIVATE to this file (own ports and
// state dir): the tests stop them, and Mailpit's counts per address are exact. MongoDB and
// S3 are the shared test servers (databases of this run only).
jest.setTimeout(120_000);

const RECIPIENTS = 200;
const STRONG = 'correct horse battery staple 42';
const run = randomUUID().slice(0, 8);

/** BULK_FAULTS_TRACE=1 prints when each phase of a test ends (where the time goes). */
let phaseStart = Date.now();
function phase(label: string): void {
  if (process.env.BULK_FAULTS_TRACE) process.stderr.write(`[bulk-faults] ${label}: ${Date.now() - phaseStart} ms\n`);
  phaseStart = Date.now();
}

interface Json {
  status: number;
  body: Record<string, unknown>;
}

interface JobView {
  jobId: string;
  status: 'running' | 'completed';
  counts: { total: number; queued: number; sent: number; deliveryFailed: number; skipped: number; cancelled: number };
}

describe('bulk invitations survive faults: nothing lost, nothing doubled', () => {
  let infra: PrivateInfra;
  let stack: TestStack;
  let gateway: string;
  let mailpit: MailpitClient;

  async function call(method: string, path: string, body?: unknown, token?: string): Promise<Json> {
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json['body']) : {} };
  }

  /** Runs `work` over `items`, `width` at a time. */
  async function inParallel<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < items.length) {
          const index = next++;
          results[index] = await work(items[index]!);
        }
      }),
    );
    return results;
  }

  /** A new firm with `RECIPIENTS` clients (one address each), known to invitations: its token, client ids and addresses. */
  async function firmWithClients(label: string): Promise<{ token: string; clientIds: string[]; addresses: string[] }> {
    const owner = `owner-${label}-${run}@example.test`;
    const signup = await call('POST', '/api/identity/firms', { firmName: `Bulk ${label} ${run}`, ownerName: 'Owner', email: owner, password: STRONG });
    expect(signup.status).toBe(201);
    const login = await call('POST', '/api/identity/auth/login', { email: owner, password: STRONG });
    expect(login.status).toBe(200);
    const token = String(login.body.accessToken);
    const addresses = Array.from({ length: RECIPIENTS }, (_, i) => `${label}-${i}-${run}@example.test`);
    const clientIds = await inParallel(addresses, 16, async (address) => {
      const created = await call('POST', '/api/clients/clients', { kind: 'individual', displayName: `Client ${address}`, emails: [address] }, token);
      if (created.status !== 201) throw new Error(`creating a client answered ${created.status} ${JSON.stringify(created.body)}`);
      return String(created.body.id);
    });
    phase(`${label}: ${RECIPIENTS} clients created`);
    // The clients reach invitations by event: send only once its preview counts every one.
    await waitFor(
      async () => {
        const preview = await call('POST', '/api/invitations/bulk/preview', { clientIds }, token);
        return preview.status === 200 && preview.body.willInvite === RECIPIENTS;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: `invitations to know the ${RECIPIENTS} clients of ${label}` },
    );
    phase(`${label}: preview counts them`);
    return { token, clientIds, addresses };
  }

  async function startJob(token: string, clientIds: string[]): Promise<string> {
    const started = await call('POST', '/api/invitations/bulk', { clientIds, message: `Bulk ${run}` }, token);
    expect(started.status).toBe(202);
    expect(started.body.willInvite).toBe(RECIPIENTS);
    return String(started.body.jobId);
  }

  const job = async (token: string, jobId: string): Promise<JobView> => {
    const got = await call('GET', `/api/invitations/bulk/${jobId}`, undefined, token);
    if (got.status !== 200) throw new Error(`GET bulk job answered ${got.status}`);
    return got.body as unknown as JobView;
  };

  /** This test's messages in Mailpit, grouped by recipient. */
  async function mailsByAddress(addresses: string[]): Promise<Map<string, MailSummary[]>> {
    const wanted = new Set(addresses);
    const byAddress = new Map<string, MailSummary[]>();
    for (const mail of await mailpit.all()) {
      for (const to of mail.To) {
        if (!wanted.has(to.Address)) continue;
        byAddress.set(to.Address, [...(byAddress.get(to.Address) ?? []), mail]);
      }
    }
    return byAddress;
  }

  /** Waits until some of the job's emails arrived but not all: the fault then lands mid-job. */
  async function midJob(addresses: string[]): Promise<number> {
    const arrived = await waitFor(
      async () => {
        const count = (await mailsByAddress(addresses)).size;
        return count >= RECIPIENTS / 10 ? count : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 50, description: 'the first emails of the job' },
    );
    expect(arrived).toBeLessThan(RECIPIENTS); // else the fault would not be mid-job
    phase(`mid-job (${arrived} of ${RECIPIENTS} emails arrived)`);
    return arrived;
  }

  /**
   * Every address got its email, each with one Message-ID, and the job reads completed with
   * every recipient sent. Returns the raw copies beyond one per address (the documented crash
   * window of notifications may resend an in-flight email with the same Message-ID).
   */
  async function everyoneGotOneEmail(token: string, jobId: string, addresses: string[]): Promise<number> {
    const byAddress = await waitFor(
      async () => {
        const got = await mailsByAddress(addresses);
        return got.size === addresses.length ? got : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, description: `an email to each of the ${addresses.length} recipients` },
    );
    phase('every recipient has an email');
    const finished = await waitFor(
      async () => {
        const view = await job(token, jobId);
        return view.status === 'completed' && view.counts.sent === RECIPIENTS ? view : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'the job to read completed with every recipient sent' },
    );
    phase('the job reads completed, all sent');
    expect(finished.counts).toMatchObject({ total: RECIPIENTS, queued: 0, sent: RECIPIENTS, deliveryFailed: 0, skipped: 0, cancelled: 0 });
    const distinctIds = [...byAddress.entries()].filter(([, mails]) => new Set(mails.map((mail) => mail.MessageID)).size !== 1);
    expect(distinctIds.map(([address, mails]) => `${address}: ${mails.length} emails`)).toEqual([]);
    return [...byAddress.values()].reduce((extra, mails) => extra + mails.length - 1, 0);
  }

  beforeAll(async () => {
    infra = await PrivateInfra.start(['kafka', 'smtp'], 'bulk-faults');
    mailpit = new MailpitClient(infra.endpoints.mailpitUrl);
    // The topics first, from one process: services starting at once on a fresh broker race in
    // ensureTopics (one sees a topic another just created, not served yet, and fails to start
    // with "This server does not host this topic-partition"; reported with issue 5).
    const services = ['identity', 'clients', 'invitations', 'notifications'];
    await ensureTopics(infra.endpoints.kafkaBrokers, [...Object.values(Topics), ...services.map(deadLetterTopicSpec)]);
    stack = await TestStack.start(
      ['identity', 'clients', 'invitations', 'notifications', 'gateway'],
      {
        // Chunks of 20 released every 200 ms: a job of 200 takes ~2 s to release, so a fault
        // can land mid-job.
        invitations: { BULK_CHUNK_SIZE: '20', BULK_RELEASE_INTERVAL_MS: '200' },
        // Retries after 0.5 s (not 30 s) so an SMTP outage of a few seconds is bridged quickly.
        notifications: { EMAIL_RETRY_INITIAL_MS: '500', EMAIL_RETRY_MAX_MS: '2000' },
      },
      { endpoints: infra.endpoints },
    );
    gateway = stack.url('gateway');
    phase('private Kafka and Mailpit, and the stack, started');
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await infra?.stop();
  });

  it('kill -9 of notifications mid-job, then restarted: every recipient gets exactly one email', async () => {
    const { token, clientIds, addresses } = await firmWithClients('notif');
    const jobId = await startJob(token, clientIds);
    await midJob(addresses);
    const notifications = stack.service('notifications');
    await notifications.kill();
    // The deliveries the dead process had claimed stay `sending` until their lease ends (20 s,
    // renewed only by a live dispatcher); then the restarted replica takes them up. Nothing
    // shortens the lease here: the wait is the one a real crash costs.
    const inFlight = await (await stack.database('notifications')).collection('deliveries').countDocuments({ status: 'sending' });
    const restarted = Date.now();
    await notifications.start();
    phase(`notifications killed and restarted (${inFlight} deliveries were claimed at the kill)`);
    const copies = await everyoneGotOneEmail(token, jobId, addresses);
    phase(`every recipient's email ${((Date.now() - restarted) / 1000).toFixed(1)} s after the restart`);
    // A resend is possible only for an email in flight at the kill (at most one per claimed delivery).
    expect(copies).toBeLessThanOrEqual(inFlight);
    if (copies > 0) console.warn(`notifications crash: ${copies} email(s) resent with the same Message-ID (documented crash window)`);
  });

  it('kill -9 of invitations mid-job, then restarted: every recipient gets exactly one email and the job reads all sent', async () => {
    const { token, clientIds, addresses } = await firmWithClients('invit');
    const jobId = await startJob(token, clientIds);
    await midJob(addresses);
    await stack.service('invitations').crashAndRestart();
    phase('invitations killed and restarted');
    const copies = await everyoneGotOneEmail(token, jobId, addresses);
    expect(copies).toBe(0);
  });

  it('Kafka stopped and restarted mid-job: the job completes, nothing lost, no duplicates', async () => {
    const { token, clientIds, addresses } = await firmWithClients('kafka');
    const jobId = await startJob(token, clientIds);
    await midJob(addresses);
    await infra.stopServer('kafka');
    phase('Kafka stopped');
    await infra.startServer('kafka');
    phase('Kafka started again');
    const copies = await everyoneGotOneEmail(token, jobId, addresses);
    expect(copies).toBe(0);
  });

  it('SMTP down for a while mid-job: the emails go out once it is back and the job reads all sent', async () => {
    const { token, clientIds, addresses } = await firmWithClients('smtp');
    const jobId = await startJob(token, clientIds);
    const before = await midJob(addresses);
    await infra.stopServer('smtp');
    // The outage must last: attempts fail and are rescheduled (a few retry rounds at 0.5-2 s).
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const during = await job(token, jobId);
    expect(during.counts.sent).toBeLessThan(RECIPIENTS);
    await infra.startServer('smtp');
    phase('Mailpit down 4 s and started again');
    expect((await mailsByAddress(addresses)).size).toBeGreaterThanOrEqual(before);
    const copies = await everyoneGotOneEmail(token, jobId, addresses);
    expect(copies).toBe(0);
    const notificationsLog = stack.service('notifications').logs;
    expect(notificationsLog).not.toMatch(/EmailFailed/);
  });

  it('poison messages on the invitation topic go to the dead-letter topic and the job still finishes', async () => {
    const { token, clientIds, addresses } = await firmWithClients('poison');
    const kafka = new Kafka({ clientId: `bulk-faults-${run}`, brokers: infra.endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const jobId = await startJob(token, clientIds);
    const envelope = (type: string, payload: unknown) =>
      JSON.stringify({ id: randomUUID(), type, version: 1, occurredAt: new Date().toISOString(), firmId: randomUUID(), correlationId: randomUUID(), causationId: null, key: `poison-${run}`, payload });
    const poison = [
      { key: `poison-json-${run}`, value: '{ this is not json' },
      { key: `poison-request-${run}`, value: envelope('InvitationRequested', { invitationId: 42, email: 'not-an-email' }) },
      { key: `poison-bulk-${run}`, value: envelope('BulkInviteRequested', { jobId, recipientCount: -1 }) },
    ];
    try {
      await producer.send({ topic: Topics.invitationsInvitation.name, messages: poison });
    } finally {
      await producer.disconnect();
    }

    phase('poison produced');
    const deadLetters = await readKeys(kafka, deadLetterTopic('invitations'), poison.map((message) => message.key));
    phase('dead letters read');
    for (const message of poison) {
      const letter = deadLetters.get(message.key)!;
      expect({ key: message.key, topic: letter.topic, value: letter.value, reason: letter.reason }).toEqual({
        key: message.key,
        topic: Topics.invitationsInvitation.name,
        value: message.value,
        reason: expect.stringMatching(/^schema: /),
      });
    }
    expect(await everyoneGotOneEmail(token, jobId, addresses)).toBe(0);
  });
});

/** Reads `topic` from the beginning until a message with each of `keys` is found: the dead-letter records by key. */
async function readKeys(kafka: Kafka, topic: string, keys: string[]): Promise<Map<string, { topic: string; value: string; reason: string }>> {
  const found = new Map<string, { topic: string; value: string; reason: string }>();
  const consumer = kafka.consumer({ groupId: `bulk-faults-dlt-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = message.key?.toString() ?? '';
        if (!keys.includes(key)) return;
        found.set(key, JSON.parse(message.value!.toString()) as { topic: string; value: string; reason: string });
      },
    });
    await waitFor(() => found.size === keys.length, { timeoutMs: 30_000, description: `dead letters ${keys.join(', ')} on ${topic}` });
  } finally {
    await consumer.disconnect();
  }
  return found;
}
