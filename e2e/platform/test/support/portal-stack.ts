import { MailpitClient, TestStack, waitFor, type StackService, type TestStackOptions } from '@portico/testing';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

// What the portal end-to-end suites share: the whole platform started as built processes on
// the real local servers, and the calls a firm or a client makes through the gateway (sign
// up, create a client, invite, accept the emailed link, enter the portal, upload to S3).

export const STRONG = 'correct horse battery staple 42';

export const PORTAL_SERVICES: StackService[] = ['identity', 'clients', 'invitations', 'notifications', 'tasks', 'files', 'billing', 'gateway'];

export type Body = Record<string, unknown> & {
  code?: string;
  message?: unknown;
  errors?: Array<{ field: string; rule: string }>;
  items?: Array<Record<string, unknown>>;
};

export interface Answer {
  status: number;
  body: Body;
}

export interface Firm {
  token: string;
  firmId: string;
}

export interface PortalSession {
  accessToken: string;
  refreshToken: string;
  portal: { firmId: string; clientId: string; contactId: string | null };
}

export interface ClientRecord {
  id: string;
  contacts: Array<{ contactId: string; name: string }>;
}

export interface UploadAnswer {
  fileId: string;
  expiresAt: string;
  upload: { kind: 'single'; url: string } | { kind: 'multipart'; uploadId: string; partSize: number; parts: Array<{ partNumber: number; url: string }> };
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** An id of the same shape as the services' ids (uuid) that names nothing. */
export const ghostId = () => uuidv7();

export class Portico {
  readonly run = randomUUID().slice(0, 8);
  readonly mailpit: MailpitClient;

  private constructor(readonly stack: TestStack) {
    this.mailpit = new MailpitClient(stack.endpoints.mailpitUrl);
  }

  /**
   * The whole platform; `extraEnv` reaches single services (e.g. a short edit window for files),
   * `options` the stack (replicas, private servers).
   */
  static async start(extraEnv: Parameters<typeof TestStack.start>[1] = {}, options: TestStackOptions = {}): Promise<Portico> {
    return new Portico(await TestStack.start(PORTAL_SERVICES, extraEnv, options));
  }

  get gateway(): string {
    return this.stack.url('gateway');
  }

  email(who: string): string {
    return `${who}-${this.run}@example.test`;
  }

  async call(method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${this.gateway}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Body;
    try {
      parsed = text ? (JSON.parse(text) as Body) : {};
    } catch {
      parsed = { raw: text };
    }
    return { status: response.status, body: parsed };
  }

  /** Signs a firm up and returns its owner's access token and the firm id. */
  async firm(name: string, owner: string): Promise<Firm> {
    const signup = await this.call('POST', '/api/identity/firms', { firmName: name, ownerName: 'Owner', email: owner, password: STRONG });
    if (signup.status !== 201) throw new Error(`sign up answered ${signup.status} ${JSON.stringify(signup.body)}`);
    const login = await this.login(owner);
    return { token: String(login.body.accessToken), firmId: String(signup.body.firmId) };
  }

  async login(email: string, password = STRONG): Promise<Answer> {
    return this.call('POST', '/api/identity/auth/login', { email, password });
  }

  async createClient(token: string, body: object): Promise<ClientRecord> {
    const created = await this.call('POST', '/api/clients/clients', body, token);
    if (created.status !== 201) throw new Error(`creating a client answered ${created.status} ${JSON.stringify(created.body)}`);
    return created.body as unknown as ClientRecord;
  }

  /** Invites as soon as the invitations service has heard of the firm and the client (events). */
  async invite(token: string, clientId: string, body: object): Promise<Answer> {
    return this.untilKnown(() => this.call('POST', `/api/invitations/clients/${clientId}/invitations`, body, token), `invitations to know client ${clientId}`);
  }

  /**
   * Repeats a call while the service answers 404/503: it has not yet heard (by event) of the
   * client or to-do the call names. Any other answer is returned.
   */
  async untilKnown(request: () => Promise<Answer>, description: string, also: (answer: Answer) => boolean = () => false): Promise<Answer> {
    return waitFor(
      async () => {
        const answer = await request();
        return answer.status === 404 || answer.status === 503 || also(answer) ? undefined : answer;
      },
      { timeoutMs: 30_000, intervalMs: 250, description },
    );
  }

  /** The accept link of the newest invitation email to `to`, once `count` have arrived. */
  async linkFor(to: string, count = 1): Promise<string> {
    const found = await waitFor(
      async () => {
        const messages = await this.mailpit.messagesTo(to);
        return messages.length >= count ? messages : undefined;
      },
      { timeoutMs: 30_000, description: `invitation email #${count} to ${to}` },
    );
    const mail = await this.mailpit.message(found[0]!.ID);
    const link = /https?:\/\/\S+\/api\/identity\/invitations\/[A-Za-z0-9_-]+/.exec(mail.Text)?.[0];
    if (!link) throw new Error(`no accept link in the email to ${to}:\n${mail.Text}`);
    return new URL(link).pathname;
  }

  /** Accepts the emailed invitation with a new password. */
  async accept(to: string): Promise<void> {
    const accepted = await this.call('POST', `${await this.linkFor(to)}/accept`, { password: STRONG });
    if (accepted.status !== 200) throw new Error(`accepting the invitation of ${to} answered ${accepted.status} ${JSON.stringify(accepted.body)}`);
  }

  /** Logs in and enters the portal of `firmId`: the portal-scoped token pair. */
  async enterPortal(email: string, firmId: string, password = STRONG): Promise<PortalSession> {
    const login = await this.login(email, password);
    if (login.status !== 200) throw new Error(`login of ${email} answered ${login.status} ${JSON.stringify(login.body)}`);
    const entered = await this.call('POST', '/api/identity/auth/portal', { refreshToken: login.body.refreshToken, firmId });
    if (entered.status !== 200) throw new Error(`entering the portal answered ${entered.status} ${JSON.stringify(entered.body)}`);
    return {
      accessToken: String(entered.body.accessToken),
      refreshToken: String(entered.body.refreshToken),
      portal: entered.body.portal as PortalSession['portal'],
    };
  }

  /** A to-do created by staff, once tasks has heard of the client. */
  async todo(token: string, clientId: string, body: object): Promise<Record<string, unknown>> {
    const created = await this.untilKnown(() => this.call('POST', `/api/tasks/clients/${clientId}/todos`, body, token), `tasks to know client ${clientId}`);
    if (created.status !== 201) throw new Error(`creating a to-do answered ${created.status} ${JSON.stringify(created.body)}`);
    return created.body;
  }

  /**
   * Asks for an upload, puts the bytes to the presigned URL(s) and completes it. `ask` is the
   * upload request path (staff or portal); a 404/422 naming todoId is repeated while the
   * files service has not heard of the client or to-do yet.
   */
  async upload(token: string, ask: string, complete: (fileId: string) => string, body: object, bytes: Uint8Array): Promise<Body> {
    const { fileId, parts } = await this.putOnly(token, ask, body, bytes);
    const done = await this.call('POST', complete(fileId), parts ? { parts } : {}, token);
    if (done.status !== 200 && done.status !== 201) throw new Error(`completing upload ${fileId} answered ${done.status} ${JSON.stringify(done.body)}`);
    return done.body;
  }

  /** Asks for an upload and puts the bytes, without completing it. */
  async putOnly(
    token: string,
    ask: string,
    body: object,
    bytes: Uint8Array,
  ): Promise<{ fileId: string; parts?: Array<{ partNumber: number; etag: string }>; answer: UploadAnswer }> {
    const asked = await this.untilKnown(
      () => this.call('POST', ask, body, token),
      `files to know what ${ask} names`,
      (answer) => answer.status === 422 && JSON.stringify(answer.body).includes('todoId'),
    );
    if (asked.status !== 201) throw new Error(`asking for an upload answered ${asked.status} ${JSON.stringify(asked.body)}`);
    const answer = asked.body as unknown as UploadAnswer;
    if (answer.upload.kind === 'single') {
      await s3Put(answer.upload.url, bytes);
      return { fileId: answer.fileId, answer };
    }
    const { partSize } = answer.upload;
    const parts: Array<{ partNumber: number; etag: string }> = [];
    for (const part of answer.upload.parts) {
      const slice = bytes.subarray((part.partNumber - 1) * partSize, part.partNumber * partSize);
      const put = await s3Put(part.url, slice);
      parts.push({ partNumber: part.partNumber, etag: put.headers.get('etag') ?? '' });
    }
    return { fileId: answer.fileId, parts, answer };
  }

  async stop(): Promise<void> {
    await this.stack.stop();
  }
}

export async function s3Put(url: string, bytes: Uint8Array): Promise<Response> {
  const response = await fetch(url, { method: 'PUT', body: bytes });
  if (!response.ok) throw new Error(`S3 PUT answered ${response.status}: ${await response.text()}`);
  return response;
}

export async function s3Get(url: string): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const response = await fetch(url);
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers };
}

export const randomFile = (size: number) => new Uint8Array(randomBytes(size));

/** The ids of a `{ items }` list answer, under `key`. */
export const idsOf = (answer: Answer, key: string): string[] => (answer.body.items ?? []).map((item) => String(item[key]));
