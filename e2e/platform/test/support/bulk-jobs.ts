import { MailpitClient, waitFor, type MailSummary } from '@portico/testing';
import { randomUUID } from 'node:crypto';

// What the bulk end-to-end suites share: a firm with many clients created through the gateway,
// a bulk job over them, and the check that counts, per recipient, the emails a PRIVATE Mailpit
// holds (its listing, not its search API, which costs it a lot at volume).

const STRONG = 'correct horse battery staple 42';

export interface Json {
  status: number;
  body: Record<string, unknown>;
}

export interface JobView {
  jobId: string;
  status: 'running' | 'completed';
  counts: { total: number; queued: number; sent: number; deliveryFailed: number; skipped: number; cancelled: number };
}

export interface FirmWithClients {
  token: string;
  firmId: string;
  clientIds: string[];
  addresses: string[];
}

/** Runs `work` over `items`, `width` at a time. */
export async function inParallel<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
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

export class BulkJobs {
  readonly run = randomUUID().slice(0, 8);
  readonly mailpit: MailpitClient;

  constructor(
    private readonly gateway: () => string,
    mailpitUrl: string,
  ) {
    this.mailpit = new MailpitClient(mailpitUrl);
  }

  async call(method: string, path: string, body?: unknown, token?: string): Promise<Json> {
    const response = await fetch(`${this.gateway()}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json['body']) : {} };
  }

  /** A new firm with `recipients` clients (one address each), known to invitations: its token, client ids and addresses. */
  async firmWithClients(label: string, recipients: number): Promise<FirmWithClients> {
    const owner = `owner-${label}-${this.run}@example.test`;
    const signup = await this.call('POST', '/api/identity/firms', {
      firmName: `Bulk ${label} ${this.run}`,
      ownerName: 'Owner',
      email: owner,
      password: STRONG,
    });
    if (signup.status !== 201) throw new Error(`sign up answered ${signup.status} ${JSON.stringify(signup.body)}`);
    const login = await this.call('POST', '/api/identity/auth/login', { email: owner, password: STRONG });
    if (login.status !== 200) throw new Error(`login answered ${login.status} ${JSON.stringify(login.body)}`);
    const token = String(login.body.accessToken);
    const addresses = Array.from({ length: recipients }, (_, i) => `${label}-${i}-${this.run}@example.test`);
    const clientIds = await inParallel(addresses, 16, async (address) => {
      const created = await this.call('POST', '/api/clients/clients', { kind: 'individual', displayName: `Client ${address}`, emails: [address] }, token);
      if (created.status !== 201) throw new Error(`creating a client answered ${created.status} ${JSON.stringify(created.body)}`);
      return String(created.body.id);
    });
    // The clients reach invitations by event: send only once its preview counts every one.
    await waitFor(
      async () => {
        const preview = await this.call('POST', '/api/invitations/bulk/preview', { clientIds }, token);
        return preview.status === 200 && preview.body.willInvite === recipients;
      },
      { timeoutMs: 120_000, intervalMs: 500, description: `invitations to know the ${recipients} clients of ${label}` },
    );
    return { token, firmId: String(signup.body.firmId), clientIds, addresses };
  }

  async startJob(firm: FirmWithClients): Promise<string> {
    const started = await this.call('POST', '/api/invitations/bulk', { clientIds: firm.clientIds, message: `Bulk ${this.run}` }, firm.token);
    if (started.status !== 202 || started.body.willInvite !== firm.clientIds.length)
      throw new Error(`starting the job answered ${started.status} ${JSON.stringify(started.body)}`);
    return String(started.body.jobId);
  }

  async job(token: string, jobId: string): Promise<JobView> {
    const got = await this.call('GET', `/api/invitations/bulk/${jobId}`, undefined, token);
    if (got.status !== 200) throw new Error(`GET bulk job answered ${got.status}`);
    return got.body as unknown as JobView;
  }

  /** This run's messages in Mailpit, grouped by recipient. */
  async mailsByAddress(addresses: string[]): Promise<Map<string, MailSummary[]>> {
    const wanted = new Set(addresses);
    const byAddress = new Map<string, MailSummary[]>();
    for (const mail of await this.mailpit.all()) {
      for (const to of mail.To) if (wanted.has(to.Address)) byAddress.set(to.Address, [...(byAddress.get(to.Address) ?? []), mail]);
    }
    return byAddress;
  }

  /** Waits until at least `share` of the job's emails arrived but not all: a fault then lands mid-job. */
  async midJob(addresses: string[], share = 0.1): Promise<number> {
    const arrived = await waitFor(
      async () => {
        const count = (await this.mailsByAddress(addresses)).size;
        return count >= addresses.length * share ? count : undefined;
      },
      { timeoutMs: 120_000, intervalMs: addresses.length > 1000 ? 500 : 50, description: 'the first emails of the job' },
    );
    if (arrived >= addresses.length) throw new Error('the whole job was sent before the fault: it would not be mid-job');
    return arrived;
  }

  /**
   * Every address got its email, each with one Message-ID, and the job reads completed with
   * every recipient sent. Returns the copies beyond one per address (the documented crash
   * window of notifications may resend an in-flight email with the same Message-ID).
   */
  async everyoneGotOneEmail(token: string, jobId: string, addresses: string[], timeoutMs = 60_000): Promise<number> {
    const byAddress = await waitFor(
      async () => {
        const got = await this.mailsByAddress(addresses);
        return got.size === addresses.length ? got : undefined;
      },
      { timeoutMs, intervalMs: addresses.length > 1000 ? 1000 : 250, description: `an email to each of the ${addresses.length} recipients` },
    );
    const finished = await waitFor(
      async () => {
        const view = await this.job(token, jobId);
        return view.status === 'completed' && view.counts.sent === addresses.length ? view : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'the job to read completed with every recipient sent' },
    );
    expect(finished.counts).toMatchObject({ total: addresses.length, queued: 0, sent: addresses.length, deliveryFailed: 0, skipped: 0, cancelled: 0 });
    const distinctIds = [...byAddress.entries()].filter(([, mails]) => new Set(mails.map((mail) => mail.MessageID)).size !== 1);
    expect(distinctIds.map(([address, mails]) => `${address}: ${mails.length} emails`)).toEqual([]);
    return [...byAddress.values()].reduce((extra, mails) => extra + mails.length - 1, 0);
  }
}
