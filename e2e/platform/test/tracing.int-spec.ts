import { freePort, MailpitClient, TestStack, testEndpoints, waitFor } from '@portico/testing';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

// One invite's trace, as an on-call engineer reads it: the services export their spans by OTLP
// (over HTTP, JSON) to a receiver this test runs, and the spans of the invite's trace must run
// from the gateway through invitations and the outbox, Kafka and notifications' SMTP send, back
// to invitations recording the invitation as sent.
jest.setTimeout(180_000);

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: OtlpValue }[];
}
interface ReceivedSpan extends OtlpSpan {
  service: string;
}
interface OtlpExport {
  resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

/** An OTLP/HTTP trace receiver (`POST /v1/traces`, JSON): keeps every span it is sent. */
async function otlpReceiver(): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  const port = await freePort();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !(req.headers['content-type'] ?? '').includes('json')) {
        res.writeHead(415).end();
        return;
      }
      const received = JSON.parse(body) as OtlpExport;
      for (const resource of received.resourceSpans) {
        const service = resource.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '?';
        for (const scope of resource.scopeSpans) for (const span of scope.spans) spans.push({ ...span, service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${port}`, spans };
}

const ids = (spans: OtlpSpan[]) => new Set(spans.map((span) => span.spanId));
const attribute = (span: OtlpSpan, key: string) => span.attributes?.find((candidate) => candidate.key === key)?.value.stringValue;
const numeric = (span: OtlpSpan, key: string) => span.attributes?.find((candidate) => candidate.key === key)?.value.intValue;

describe('one invite, one trace across the services', () => {
  const run = randomUUID().slice(0, 8);
  const password = 'correct horse battery staple 42';
  const mailpit = new MailpitClient(testEndpoints().mailpitUrl);
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let stack: TestStack;

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(`${stack.url('gateway')}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };

  beforeAll(async () => {
    receiver = await otlpReceiver();
    // Exported every 200 ms instead of 5 s, so the test does not wait for the batches.
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' };
    stack = await TestStack.start(['identity', 'clients', 'invitations', 'notifications', 'gateway'], {
      identity: tracing,
      clients: tracing,
      invitations: tracing,
      notifications: tracing,
      gateway: tracing,
    });
  });

  afterAll(async () => {
    await stack?.stop();
    receiver?.server.close();
  });

  it('runs from the gateway to the SMTP send and back to the status change', async () => {
    const owner = `owner-${run}@trace.example`;
    const clientEmail = `client-${run}@trace.example`;
    expect((await call('POST', '/api/identity/firms', { firmName: 'Trace & Co', ownerName: 'Tia Trace', email: owner, password })).status).toBe(201);
    const token = String((await call('POST', '/api/identity/auth/login', { email: owner, password })).body.accessToken);
    const client = await call('POST', '/api/clients/clients', { kind: 'individual', displayName: 'Terry Traced', emails: [clientEmail] }, token);
    expect(client.status).toBe(201);
    const clientId = String(client.body.id);
    const invitePath = `/api/invitations/clients/${clientId}/invitations`;
    await waitFor(
      async () => {
        const invited = await call('POST', invitePath, { clientEmails: [clientEmail] }, token);
        return invited.status === 202 ? invited : undefined;
      },
      { description: 'invitations to know the client' },
    );
    await waitFor(async () => ((await mailpit.messagesTo(clientEmail)).length === 1 ? true : undefined), { description: 'the invitation email' });
    await waitFor(
      async () => {
        const listed = await call('GET', invitePath, undefined, token);
        return (listed.body.items as { status: string }[] | undefined)?.[0]?.status === 'sent' ? true : undefined;
      },
      { description: 'the invitation to read sent' },
    );

    // The gateway's span of the accepted POST (202; the tries before it met a 404) is the root of the invite's trace.
    const root = await waitFor(
      () =>
        receiver.spans.find(
          (span) =>
            span.service === 'gateway' &&
            span.kind === 2 &&
            !span.parentSpanId &&
            (attribute(span, 'http.target') ?? attribute(span, 'url.path') ?? '').startsWith(invitePath) &&
            Number(numeric(span, 'http.status_code') ?? numeric(span, 'http.response.status_code')) === 202,
        ),
      { description: "the gateway's span of the invite" },
    );
    // Everything downstream, including the status change after the email went out. Each
    // process exports on its own schedule: wait until every expected span has arrived.
    const named = (spans: ReceivedSpan[], service: string, predicate: (span: ReceivedSpan) => boolean) =>
      spans.filter((span) => span.service === service && predicate(span));
    const isEvent = (span: ReceivedSpan, kind: 'publish' | 'process', type: string) =>
      span.name.endsWith(` ${kind}`) && attribute(span, 'portico.event.type') === type;
    const expected: [string, (span: ReceivedSpan) => boolean][] = [
      // invitations published through its outbox, notifications took the request and sent the email...
      ['invitations', (span) => isEvent(span, 'publish', 'InvitationEmailRequested')],
      ['notifications', (span) => isEvent(span, 'process', 'InvitationEmailRequested')],
      ['notifications', (span) => span.name === 'smtp send'],
      ['notifications', (span) => isEvent(span, 'publish', 'EmailSent')],
      // ...and invitations handled EmailSent: the status change.
      ['invitations', (span) => isEvent(span, 'process', 'EmailSent')],
    ];
    const inTrace = () => receiver.spans.filter((span) => span.traceId === root.traceId);
    await waitFor(() => expected.every(([service, predicate]) => named(inTrace(), service, predicate).length > 0), {
      timeoutMs: 30_000,
      description: 'the spans of the whole invite in one trace',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // stragglers of the same export batches
    const trace = inTrace();

    const services = new Set(trace.map((span) => span.service));
    expect([...services].sort()).toEqual(expect.arrayContaining(['gateway', 'invitations', 'notifications']));
    for (const [service, predicate] of expected) expect(named(trace, service, predicate)).toHaveLength(1);
    // The status change is a MongoDB write under the EmailSent handler's span.
    const statusChange = named(trace, 'invitations', (span) => isEvent(span, 'process', 'EmailSent'))[0]!;
    expect(trace.filter((span) => span.parentSpanId === statusChange.spanId && span.name === 'update invitations').length).toBeGreaterThan(0);
    // Background loops (the dispatcher's and the schedulers' polls, started by a nudge inside the
    // trace) are no part of it: without that, each of their polls would add spans to it for ever.
    const settled = trace.length;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(inTrace()).toHaveLength(settled);
    expect(trace.filter((span) => span.name === 'find deliveries').length).toBeLessThan(10);
    // One connected tree: every span but the root has its parent in the trace.
    expect(trace.filter((span) => span !== root && !ids(trace).has(span.parentSpanId ?? ''))).toEqual([]);
  });
});
