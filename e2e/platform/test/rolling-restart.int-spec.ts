import { PrivateInfra, type StackService } from '@portico/testing';
import { BulkJobs } from './support/bulk-jobs';
import { Portico } from './support/portal-stack';

// Issue 15, "Change it without losing anything": two replicas of every service behind the
// gateway, a 2,000-recipient bulk job running, a steady load of portal homes and client lists
// (about 20 requests/s) on the API, and one replica of invitations and one of notifications
// restarted the way a rolling update does it (SIGTERM, drain, exit, a new process). Nothing
// of the load may fail, every recipient gets exactly one email, the job reads all sent.
// Mailpit is private to this file, so its count per address is exact.
jest.setTimeout(600_000);

const RECIPIENTS = 2_000;
const LOAD_PER_SECOND = 20;
const BACKENDS: Exclude<StackService, 'gateway'>[] = ['identity', 'clients', 'invitations', 'notifications', 'tasks', 'files', 'billing'];

interface Failure {
  at: number;
  path: string;
  what: string;
}

/** Requests at a steady rate (not waiting for answers), each one's outcome judged by `ok`. */
class SteadyLoad {
  readonly failures: Failure[] = [];
  sent = 0;
  answered = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly requests: Array<{ path: string; request: () => Promise<Response>; ok: (status: number, body: string) => string | undefined }>) {}

  start(perSecond: number): void {
    const started = Date.now();
    this.timer = setInterval(() => {
      const { path, request, ok } = this.requests[this.sent++ % this.requests.length]!;
      const done = request()
        .then(async (response) => {
          const problem = ok(response.status, await response.text());
          if (problem) this.failures.push({ at: Date.now() - started, path, what: problem });
        })
        .catch(
          (error: unknown) =>
            void this.failures.push({ at: Date.now() - started, path, what: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
        )
        .finally(() => {
          this.answered++;
          this.inFlight.delete(done);
        });
      this.inFlight.add(done);
    }, 1000 / perSecond);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
  }
}

describe('two replicas of every service, restarted one at a time under load', () => {
  let infra: PrivateInfra;
  let portico: Portico;
  let bulk: BulkJobs;
  let load: SteadyLoad | undefined;

  beforeAll(async () => {
    infra = await PrivateInfra.start(['smtp'], 'rolling-restart');
    bulk = new BulkJobs(() => portico.gateway, infra.endpoints.mailpitUrl);
    // Every replica drains as in the manifests, only shorter: 3 s of readiness 503 while it still
    // serves, more than the gateway's 1 s check needs to take it out of rotation.
    const drain = { SHUTDOWN_DRAIN_MS: '3000' };
    const env = Object.fromEntries(BACKENDS.map((name) => [name, drain]));
    portico = await Portico.start(
      {
        ...env,
        // Chunks of 50 released every second: the job issues for about 40 s, long enough for both restarts.
        invitations: { ...drain, BULK_CHUNK_SIZE: '50', BULK_RELEASE_INTERVAL_MS: '1000' },
        // What this test counts is requests lost, not slow ones: with 16 replicas, a bulk job and a
        // replica booting on two cores, a portal-home call can take more than the default 3 s
        // budget (a CI run saw "user unavailable" that way). Slow stays slow here; lost still fails
        // (a refused or reset call comes back at once, and the load's own fetch gives up at 15 s).
        gateway: { PORTAL_HOME_TIMEOUT_MS: '10000' },
      },
      { endpoints: infra.endpoints, replicas: Object.fromEntries(BACKENDS.map((name) => [name, 2])) },
    );
  }, 300_000);

  afterAll(async () => {
    await load?.stop();
    await portico?.stop();
    await infra?.stop();
  });

  it('loses no request and sends every email exactly once', async () => {
    // The job's recipients, created through the API, known to invitations before the job starts.
    const firm = await bulk.firmWithClients('rolling', RECIPIENTS);
    const { token, firmId } = firm;

    // The client whose portal home is part of the load: invited, accepted, in the portal.
    const member = portico.email('member');
    const homeClient = await portico.createClient(token, { kind: 'individual', displayName: 'Rolling Member', emails: [member] });
    expect((await portico.invite(token, homeClient.id, { clientEmails: [member] })).status).toBe(202);
    await portico.accept(member);
    const session = await portico.enterPortal(member, firmId);

    const get = (path: string, bearer: string) => () =>
      fetch(`${portico.gateway}${path}`, { headers: { authorization: `Bearer ${bearer}` }, signal: AbortSignal.timeout(15_000) });
    const steady = new SteadyLoad([
      {
        path: '/api/portal/home',
        request: get('/api/portal/home', session.accessToken),
        // The home is composed from four services: a section one of them failed to give is a failure too.
        ok: (status, body) =>
          status !== 200
            ? `${status} ${body.slice(0, 200)}`
            : (JSON.parse(body) as { unavailable: string[] }).unavailable.length > 0
              ? `unavailable: ${body}`
              : undefined,
      },
      {
        path: '/api/clients/clients',
        request: get('/api/clients/clients?limit=20', token),
        ok: (status, body) => (status !== 200 ? `${status} ${body.slice(0, 200)}` : undefined),
      },
    ]);
    load = steady;
    steady.start(LOAD_PER_SECOND);
    const loadStarted = Date.now();

    const jobId = await bulk.startJob(firm);

    // Mid-job: some emails out, most not.
    await bulk.midJob(firm.addresses, 0.05);
    const restarts: string[] = [];
    for (const service of ['invitations', 'notifications'] as const) {
      expect((await bulk.job(token, jobId)).status).toBe('running'); // else the restart would not be mid-job
      const replica = portico.stack.replica(service, 1);
      const restartedAt = Date.now();
      await replica.stop(30_000);
      // A drained, complete shutdown (not the SIGKILL stop() falls back to after 30 s).
      if (!replica.logs.includes('Stopped on SIGTERM')) throw new Error(`${service} replica 1 did not shut down cleanly:\n${quiet(replica.logs).slice(-4000)}`);
      await replica.start();
      restarts.push(`${service} ${((Date.now() - restartedAt) / 1000).toFixed(1)} s from SIGTERM to ready again`);
    }

    expect(await bulk.everyoneGotOneEmail(token, jobId, firm.addresses, 180_000)).toBe(0);
    // The load ran through both restarts: about 20 requests a second, every one answered in full.
    await steady.stop();
    const seconds = (Date.now() - loadStarted) / 1000;
    process.stderr.write(
      `[rolling-restart] ${steady.sent} requests in ${seconds.toFixed(1)} s (${(steady.sent / seconds).toFixed(1)}/s), ${steady.failures.length} failed; restarts: ${restarts.join(', ')}\n`,
    );

    // With the gateway's reason for any section it left out (timeout, refused, 5xx).
    const gatewaySaid = portico.stack
      .service('gateway')
      .logs.split('\n')
      .filter((line) => line.includes('Portal home:'));
    expect({ failures: steady.failures, gatewaySaid }).toEqual({ failures: [], gatewaySaid: [] });
    expect(steady.answered).toBe(steady.sent);
    expect(steady.sent).toBeGreaterThan(seconds * LOAD_PER_SECOND * 0.5); // it did run all along (a starved timer fires late)
    // Both replicas of every service are up and in the gateway's rotation again.
    const health = (await (await fetch(`${portico.gateway}/health/services`)).json()) as {
      details: Record<string, { members: Record<string, { status: string; inRotation: boolean }> }>;
    };
    for (const service of BACKENDS) {
      expect({ service, members: Object.values(health.details[service]!.members) }).toEqual({
        service,
        members: [
          { status: 'up', inRotation: true },
          { status: 'up', inRotation: true },
        ],
      });
    }
  });
});

/** A service's output without the line per email sent (what remains says how its life went). */
const quiet = (logs: string) =>
  logs
    .split('\n')
    .filter((line) => !line.includes('"msg":"Delivery '))
    .join('\n');
