import { HttpException } from '@nestjs/common';
import { PortalHomeService } from './portal-home.service';
import { CallerContext, PortalSource, PortalSources, SourceAnswer } from './portal-sources';

const portal = { firmId: 'firm-1', clientId: 'client-1', contactId: null };
const ok = (body: unknown): SourceAnswer => ({ status: 200, body });

/** Answers per service; records every call. */
class FakeSources extends PortalSources {
  readonly calls: { source: PortalSource; path: string; caller: CallerContext }[] = [];

  constructor(private readonly answers: Record<PortalSource, SourceAnswer>) {
    super();
  }

  async get(source: PortalSource, path: string, caller: CallerContext): Promise<SourceAnswer> {
    this.calls.push({ source, path, caller });
    return this.answers[source];
  }
}

const healthy = (): Record<PortalSource, SourceAnswer> => ({
  identity: ok({ userId: 'u-1', role: 'client', email: 'dana@example.com', name: 'Dana Scully', initials: 'DS', firm: null, portal }),
  tasks: ok({ items: [{ id: 't-1', title: 'Sign the engagement letter' }] }),
  files: ok({ items: [{ id: 'f-1', name: 'w2.pdf' }] }),
  billing: ok({ currency: 'EUR', balanceMinor: 12_500, openInvoiceCount: 2, nextDueDate: '2030-02-01', internal: 'not passed on' }),
});

const caller: CallerContext = { authorization: 'Bearer t', correlationId: 'corr-1' };
const compose = (answers: Partial<Record<PortalSource, SourceAnswer>>) => {
  const sources = new FakeSources({ ...healthy(), ...answers });
  return { sources, home: new PortalHomeService(sources).compose(caller) };
};
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(HttpException);
  return { status: (error as HttpException).getStatus(), body: (error as HttpException).getResponse() };
};

describe('PortalHomeService', () => {
  it("calls the four services once, with the caller's token and correlation id, at their portal paths", async () => {
    const { sources, home } = compose({});
    await home;
    expect(sources.calls.map(({ source, path }) => [source, path]).sort()).toEqual([
      ['billing', '/api/billing/portal/summary'],
      ['files', '/api/files/portal/files?limit=5'],
      ['identity', '/api/identity/me'],
      ['tasks', '/api/tasks/portal/todos?status=open'],
    ]);
    expect(sources.calls.every((call) => call.caller === caller)).toBe(true);
  });

  it('composes every section, the portal from identity, and nothing else of the answers', async () => {
    await expect(compose({}).home).resolves.toEqual({
      portal,
      user: { name: 'Dana Scully', initials: 'DS', email: 'dana@example.com' },
      todos: [{ id: 't-1', title: 'Sign the engagement letter' }],
      recentFiles: [{ id: 'f-1', name: 'w2.pdf' }],
      billing: { currency: 'EUR', balanceMinor: 12_500, openInvoiceCount: 2, nextDueDate: '2030-02-01' },
      unavailable: [],
    });
  });

  it('gives billing: null, and does not call it unavailable, when billing is not enabled for the client', async () => {
    const home = await compose({ billing: { status: 403, body: { statusCode: 403, code: 'billing_not_enabled', message: 'Billing is not enabled' } } }).home;
    expect(home).toMatchObject({ billing: null, unavailable: [], todos: expect.any(Array) });
  });

  it('renders the home without a section whose service failed, naming it', async () => {
    const home = await compose({
      files: { status: 503, body: { statusCode: 503 } },
      billing: { failure: 'TimeoutError: The operation was aborted due to timeout' },
    }).home;
    expect(home).toMatchObject({ recentFiles: null, billing: null, todos: [{ id: 't-1' }], user: { initials: 'DS' }, unavailable: ['recentFiles', 'billing'] });
  });

  it('treats an answer it cannot read as a failure of that section', async () => {
    const home = await compose({ tasks: ok({ rows: [] }), identity: ok('<html>') }).home;
    expect(home).toMatchObject({ portal: null, user: null, todos: null, unavailable: ['user', 'todos'] });
  });

  it("answers a service's 401 with that 401, whatever the others said", async () => {
    const body = { statusCode: 401, message: 'Unauthorized' };
    await expect(refusal(compose({ tasks: { status: 401, body }, files: { failure: 'ECONNREFUSED' } }).home)).resolves.toEqual({ status: 401, body });
  });

  it("answers a service's 403 (a token outside any portal) with that 403", async () => {
    const body = { statusCode: 403, error: 'Forbidden', message: 'Enter a portal first' };
    await expect(refusal(compose({ tasks: { status: 403, body }, files: { status: 403, body }, billing: { status: 403, body } }).home)).resolves.toEqual({
      status: 403,
      body,
    });
  });

  it('refuses with 403 when identity says the token names no portal, even if no other service refused', async () => {
    const outside = ok({ email: 'dana@example.com', name: null, initials: 'D', portal: null });
    const { status } = await refusal(compose({ identity: outside, tasks: { failure: 'ECONNREFUSED' } }).home);
    expect(status).toBe(403);
  });
});
