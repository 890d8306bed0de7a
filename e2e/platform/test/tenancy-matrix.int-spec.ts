import { ghostId, idsOf, Portico, randomFile, s3Get, type Answer, type Firm, type PortalSession } from './support/portal-stack';

// Who may reach what, through the gateway, for every staff and portal endpoint of tasks, files
// and billing (and the portal home and identity's /me). Firm A owns the resources; client X of
// firm A owns the portal ones. Every endpoint is called as each actor and the answer must be
// exactly what the actor is owed: the owner reaches it, another tenant gets 404 (the body of a
// missing resource, not 403, never 200), the wrong role 403, no token 401, and lists hold
// nothing of anyone else. Each slip is counted as a leak; the suite ends asserting 0 leaks.
jest.setTimeout(240_000);

type Actor = 'staffA' | 'staffB' | 'clientX' | 'clientY' | 'contactX' | 'anonymous';
const ACTORS: Actor[] = ['staffA', 'staffB', 'clientX', 'clientY', 'contactX', 'anonymous'];
const CLIENTS: Actor[] = ['clientX', 'clientY', 'contactX'];

/** 'ok' is any 2xx; a `code` checks the body's code too. */
type Outcome = 'ok' | 401 | 403 | 404 | 422 | { status: number; code: string };

/** One call. `{name}` in the path or body stands for the id of that name, known once the setup ran. */
interface Spec {
  actor: Actor;
  method: string;
  path: string;
  body?: unknown;
  outcome: Outcome;
  /** The id (by name) in `path` a 404 must not reveal: the call with a missing id answers the same body. */
  hides?: string;
  /** Ids (by name) the answer's items (under `key`) must contain, and ids they must not. */
  lists?: { key: string; has: string[]; lacks: string[] };
}

describe('tenancy matrix', () => {
  let portico: Portico;
  let firmA: Firm;
  let firmB: Firm;
  const sessions = {} as Record<'clientX' | 'clientY' | 'contactX', PortalSession>;
  const ids: Record<string, string> = {};
  const leaks: string[] = [];
  let rowsRun = 0;

  const tokenOf = (actor: Actor): string | undefined => {
    if (actor === 'anonymous') return undefined;
    if (actor === 'staffA') return firmA.token;
    if (actor === 'staffB') return firmB.token;
    return sessions[actor].accessToken;
  };

  beforeAll(async () => {
    portico = await Portico.start();
    const xEmail = portico.email('client-x');
    const yEmail = portico.email('client-y');
    const contactEmail = portico.email('contact-x');
    [firmA, firmB] = await Promise.all([
      portico.firm(`Firm A ${portico.run}`, portico.email('owner-a')),
      portico.firm(`Firm B ${portico.run}`, portico.email('owner-b')),
    ]);
    const [x, y, b] = await Promise.all([
      portico.createClient(firmA.token, {
        kind: 'individual',
        displayName: 'Client X',
        emails: [xEmail],
        contacts: [{ name: 'Contact Of X', relationship: 'spouse', email: contactEmail }],
      }),
      portico.createClient(firmA.token, { kind: 'individual', displayName: 'Client Y', emails: [yEmail] }),
      portico.createClient(firmB.token, { kind: 'business', displayName: 'Client Of B' }),
    ]);
    Object.assign(ids, { clientX: x.id, clientY: y.id, clientB: b.id, contactX: x.contacts[0]!.contactId });

    // X, X's contact and Y accept their invitations and enter firm A's portal.
    expect((await portico.invite(firmA.token, x.id, { clientEmails: [xEmail], contactIds: [ids.contactX] })).status).toBe(202);
    expect((await portico.invite(firmA.token, y.id, { clientEmails: [yEmail] })).status).toBe(202);
    await Promise.all([xEmail, yEmail, contactEmail].map((to) => portico.accept(to)));
    [sessions.clientX, sessions.clientY, sessions.contactX] = await Promise.all(
      [xEmail, yEmail, contactEmail].map((who) => portico.enterPortal(who, firmA.firmId)),
    );
    expect(sessions.contactX.portal).toMatchObject({ clientId: x.id, contactId: ids.contactX });

    // To-dos: X's file request, X's plain to-do, one for X's contact, one for Y.
    const todo = async (clientId: string, title: string, extra: object = {}) =>
      String((await portico.todo(firmA.token, clientId, { title, assignee: { kind: 'client' }, ...extra })).todoId);
    ids.todoX = await todo(x.id, 'Upload your W-2', { requiresFile: true });
    ids.todoPlainX = await todo(x.id, 'Sign the engagement letter');
    ids.todoContact = await todo(x.id, 'Send your ID', { assignee: { kind: 'contact', contactId: ids.contactX } });
    ids.todoY = await todo(y.id, 'Upload your 1099', { requiresFile: true });

    // Files: X's upload (answering X's file request), Y's, a staff file shared with X, an unshared
    // one, and two uploads whose bytes are in S3 but not yet confirmed.
    const bytes = () => randomFile(2048);
    const meta = (name: string) => ({ name, sizeBytes: 2048, contentType: 'application/pdf' });
    const portal = (who: 'clientX' | 'clientY', extra: object = {}) =>
      portico.upload(
        sessions[who].accessToken,
        '/api/files/portal/uploads',
        (id) => `/api/files/portal/uploads/${id}/complete`,
        { ...meta(`${who}.pdf`), ...extra },
        bytes(),
      );
    const staff = (name: string, shareWithClient: boolean) =>
      portico.upload(
        firmA.token,
        `/api/files/clients/${x.id}/uploads`,
        (id) => `/api/files/uploads/${id}/complete`,
        { ...meta(name), shareWithClient },
        bytes(),
      );
    ids.fileX = String((await portal('clientX', { todoId: ids.todoX })).fileId);
    ids.fileY = String((await portal('clientY')).fileId);
    ids.sharedFile = String((await staff('organizer.pdf', true)).fileId);
    ids.unsharedFile = String((await staff('workpapers.pdf', false)).fileId);
    ids.pendingStaff = (await portico.putOnly(firmA.token, `/api/files/clients/${x.id}/uploads`, meta('pending.pdf'), bytes())).fileId;
    ids.pendingX = (await portico.putOnly(sessions.clientX.accessToken, '/api/files/portal/uploads', meta('pending-x.pdf'), bytes())).fileId;

    // Billing on for X and Y (contacts do not see billing: the firm default); an issued invoice for X
    // with a payment, a draft for X, a draft to void.
    for (const clientId of [x.id, y.id]) {
      const enabled = await portico.untilKnown(
        () => portico.call('PUT', `/api/billing/clients/${clientId}/settings`, { billingInPortal: true }, firmA.token),
        `billing to know ${clientId}`,
      );
      expect(enabled.status).toBe(200);
    }
    const draft = async () => {
      const created = await portico.call(
        'POST',
        `/api/billing/clients/${x.id}/invoices`,
        { dueDate: '2027-06-30', lineItems: [{ description: 'Bookkeeping', quantity: 3, unitPriceMinor: 10_000 }] },
        firmA.token,
      );
      expect(created.status).toBe(201);
      return String(created.body.invoiceId);
    };
    ids.invoiceX = await draft();
    expect((await portico.call('POST', `/api/billing/invoices/${ids.invoiceX}/issue`, undefined, firmA.token)).status).toBe(200);
    const paid = await portico.call('POST', `/api/billing/invoices/${ids.invoiceX}/payments`, { amountMinor: 5_000, method: 'check' }, firmA.token);
    expect(paid.status).toBe(201);
    ids.paymentX = String((paid.body.payment as { paymentId: string }).paymentId);
    ids.draftX = await draft();
    ids.draftToVoid = await draft();
  });

  afterAll(async () => {
    await portico?.stop();
  });

  const resolve = (template: string) =>
    template.replace(/\{(\w+)\}/g, (_match, name: string) => {
      const id = ids[name];
      if (!id) throw new Error(`no id named ${name}`);
      return id;
    });

  /** Runs one row: checks the status (and code), that a 404 hides existence, and list contents. */
  async function check(spec: Spec): Promise<void> {
    rowsRun += 1;
    const path = resolve(spec.path);
    const body = spec.body === undefined ? undefined : (JSON.parse(resolve(JSON.stringify(spec.body))) as unknown);
    const answer = await portico.call(spec.method, path, body, tokenOf(spec.actor));
    const label = `${spec.actor} ${spec.method} ${path}`;
    const expected = typeof spec.outcome === 'object' ? spec.outcome.status : spec.outcome;
    const ok = answer.status >= 200 && answer.status < 300;
    if (ok && expected !== 'ok') leaks.push(`${label}: ${answer.status} where ${expected} was owed`);
    if (spec.lists && ok) {
      const listed = path === '/api/portal/home' ? todosOfHome(answer) : idsOf(answer, spec.lists.key);
      const foreign = spec.lists.lacks.filter((name) => listed.includes(ids[name]!));
      for (const name of foreign) leaks.push(`${label}: lists ${name}`);
      const missing = spec.lists.has.filter((name) => !listed.includes(ids[name]!));
      expect({ label, missing, foreign }).toEqual({ label, missing: [], foreign: [] });
    }
    if (expected === 'ok') expect({ label, status: answer.status, ok }).toEqual({ label, status: answer.status, ok: true });
    else expect({ label, status: answer.status, body: answer.body }).toEqual({ label, status: expected, body: expect.anything() });
    if (typeof spec.outcome === 'object') expect({ label, code: answer.body.code }).toEqual({ label, code: spec.outcome.code });
    if (expected === 404 && spec.hides) {
      const missing = await portico.call(spec.method, path.replace(ids[spec.hides]!, ghostId()), body, tokenOf(spec.actor));
      expect({ label, status: missing.status, body: missing.body }).toEqual({ label, status: 404, body: answer.body });
    }
  }

  const todosOfHome = (answer: Answer) => ((answer.body.todos as Array<{ todoId: string }> | null) ?? []).map((todo) => todo.todoId);

  /**
   * One endpoint as every actor concerned: those named in `outcomes`, plus the wrong role (403:
   * clients on a staff endpoint, staff on a portal one) and no token (401).
   */
  function endpoint(
    kind: 'staff' | 'portal',
    method: string,
    path: string,
    outcomes: Partial<Record<Actor, Outcome>>,
    extra: Pick<Spec, 'body' | 'hides'> & { lists?: (actor: Actor) => Spec['lists'] } = {},
  ): Spec[] {
    const wrongRole = (actor: Actor) => (kind === 'staff' ? CLIENTS.includes(actor) : actor.startsWith('staff'));
    return ACTORS.filter((actor) => outcomes[actor] !== undefined || actor === 'anonymous' || wrongRole(actor)).map((actor) => ({
      actor,
      method,
      path,
      body: extra.body,
      outcome: outcomes[actor] ?? (actor === 'anonymous' ? 401 : 403),
      hides: extra.hides,
      lists: extra.lists?.(actor),
    }));
  }

  const staffOnly: Partial<Record<Actor, Outcome>> = { staffA: 'ok', staffB: 404 };
  const notEnabled = { status: 403, code: 'billing_not_enabled' };
  const notUploader = { status: 403, code: 'not_uploader' };
  const pdf = { name: 'x.pdf', sizeBytes: 10, contentType: 'application/pdf' };
  const invoice = { dueDate: '2027-01-01', lineItems: [{ description: 'x', quantity: 1, unitPriceMinor: 1 }] };
  const lacksAllBut = (all: string[], mine: string[]) => all.filter((name) => !mine.includes(name));
  const TODOS = ['todoX', 'todoPlainX', 'todoContact', 'todoY'];
  const portalTodos = (actor: Actor, openOnly: boolean) => {
    const mine = actor === 'clientX' ? (openOnly ? ['todoPlainX'] : ['todoX', 'todoPlainX']) : actor === 'contactX' ? ['todoContact'] : ['todoY'];
    return { key: 'todoId', has: mine, lacks: lacksAllBut(TODOS, actor === 'clientX' ? ['todoX', 'todoPlainX'] : mine) };
  };

  // Reads (and idempotent writes): every actor, every endpoint.
  const reads: Spec[] = [
    // tasks, staff
    ...endpoint('staff', 'GET', '/api/tasks/clients/{clientX}/todos', staffOnly, {
      hides: 'clientX',
      lists: () => ({ key: 'todoId', has: ['todoX', 'todoPlainX', 'todoContact'], lacks: ['todoY'] }),
    }),
    ...endpoint('staff', 'GET', '/api/tasks/clients/{clientB}/todos', { staffA: 404, staffB: 'ok' }, { hides: 'clientB' }),
    ...endpoint('staff', 'GET', '/api/tasks/todos/{todoX}', staffOnly, { hides: 'todoX' }),
    // tasks, portal: the client sees the to-dos assigned to the client, a contact those assigned to them
    ...endpoint('portal', 'GET', '/api/tasks/portal/todos', { clientX: 'ok', clientY: 'ok', contactX: 'ok' }, { lists: (actor) => portalTodos(actor, false) }),
    ...endpoint('portal', 'GET', '/api/tasks/portal/todos/{todoX}', { clientX: 'ok', clientY: 404, contactX: 404 }, { hides: 'todoX' }),
    ...endpoint('portal', 'GET', '/api/tasks/portal/todos/{todoContact}', { clientX: 404, clientY: 404, contactX: 'ok' }, { hides: 'todoContact' }),
    // files, staff
    ...endpoint('staff', 'GET', '/api/files/clients/{clientX}/files', staffOnly, {
      hides: 'clientX',
      lists: () => ({ key: 'fileId', has: ['fileX', 'sharedFile', 'unsharedFile'], lacks: ['fileY', 'pendingStaff', 'pendingX'] }),
    }),
    ...endpoint('staff', 'GET', '/api/files/clients/{clientB}/files', { staffA: 404, staffB: 'ok' }, { hides: 'clientB' }),
    ...endpoint('staff', 'GET', '/api/files/files/{unsharedFile}', staffOnly, { hides: 'unsharedFile' }),
    ...endpoint('staff', 'GET', '/api/files/files/{fileX}/download', staffOnly, { hides: 'fileX' }),
    ...endpoint('staff', 'PUT', '/api/files/files/{sharedFile}/sharing', staffOnly, { body: { shared: true }, hides: 'sharedFile' }),
    // files, portal: a contact sees what the client's portal sees
    ...endpoint(
      'portal',
      'GET',
      '/api/files/portal/files',
      { clientX: 'ok', clientY: 'ok', contactX: 'ok' },
      {
        lists: (actor) =>
          actor === 'clientY'
            ? { key: 'fileId', has: ['fileY'], lacks: ['fileX', 'sharedFile', 'unsharedFile', 'pendingX', 'pendingStaff'] }
            : { key: 'fileId', has: ['fileX', 'sharedFile'], lacks: ['fileY', 'unsharedFile', 'pendingX', 'pendingStaff'] },
      },
    ),
    ...endpoint('portal', 'GET', '/api/files/portal/files/{fileX}/download', { clientX: 'ok', contactX: 'ok', clientY: 404 }, { hides: 'fileX' }),
    ...endpoint('portal', 'GET', '/api/files/portal/files/{sharedFile}/download', { clientX: 'ok', contactX: 'ok', clientY: 404 }, { hides: 'sharedFile' }),
    ...endpoint('portal', 'GET', '/api/files/portal/files/{unsharedFile}/download', { clientX: 404, contactX: 404, clientY: 404 }, { hides: 'unsharedFile' }),
    ...endpoint('portal', 'GET', '/api/files/portal/files/{pendingX}/download', { clientX: 404, contactX: 404, clientY: 404 }, { hides: 'pendingX' }),
    // billing, staff (each firm reaches its own settings)
    ...endpoint('staff', 'GET', '/api/billing/settings', { staffA: 'ok', staffB: 'ok' }),
    ...endpoint('staff', 'PUT', '/api/billing/settings', { staffA: 'ok', staffB: 'ok' }, { body: { contactsSeeBilling: false } }),
    ...endpoint('staff', 'GET', '/api/billing/clients/{clientX}/settings', staffOnly, { hides: 'clientX' }),
    ...endpoint('staff', 'PUT', '/api/billing/clients/{clientX}/settings', staffOnly, { body: { billingInPortal: true }, hides: 'clientX' }),
    ...endpoint('staff', 'GET', '/api/billing/clients/{clientX}/invoices', staffOnly, {
      hides: 'clientX',
      lists: () => ({ key: 'invoiceId', has: ['invoiceX', 'draftX'], lacks: [] }),
    }),
    ...endpoint('staff', 'GET', '/api/billing/clients/{clientB}/invoices', { staffA: 404, staffB: 'ok' }, { hides: 'clientB' }),
    ...endpoint('staff', 'GET', '/api/billing/clients/{clientX}/balance', staffOnly, { hides: 'clientX' }),
    ...endpoint('staff', 'GET', '/api/billing/invoices/{invoiceX}', staffOnly, { hides: 'invoiceX' }),
    // billing, portal (on for X and Y; X's contact does not see billing: contactsSeeBilling is off)
    ...endpoint('portal', 'GET', '/api/billing/portal/summary', { clientX: 'ok', clientY: 'ok', contactX: notEnabled }),
    ...endpoint(
      'portal',
      'GET',
      '/api/billing/portal/invoices',
      { clientX: 'ok', clientY: 'ok', contactX: notEnabled },
      {
        lists: (actor) =>
          actor === 'clientX'
            ? { key: 'invoiceId', has: ['invoiceX'], lacks: ['draftX', 'draftToVoid'] }
            : { key: 'invoiceId', has: [], lacks: ['invoiceX', 'draftX', 'draftToVoid'] },
      },
    ),
    ...endpoint('portal', 'GET', '/api/billing/portal/invoices/{invoiceX}', { clientX: 'ok', clientY: 404, contactX: notEnabled }, { hides: 'invoiceX' }),
    ...endpoint('portal', 'GET', '/api/billing/portal/invoices/{draftX}', { clientX: 404, clientY: 404, contactX: notEnabled }, { hides: 'draftX' }),
    ...endpoint(
      'portal',
      'GET',
      '/api/billing/portal/payments',
      { clientX: 'ok', clientY: 'ok', contactX: notEnabled },
      {
        lists: (actor) => (actor === 'clientX' ? { key: 'paymentId', has: ['paymentX'], lacks: [] } : { key: 'paymentId', has: [], lacks: ['paymentX'] }),
      },
    ),
    // the gateway's portal home: the open to-dos of the token's portal only
    ...endpoint('portal', 'GET', '/api/portal/home', { clientX: 'ok', clientY: 'ok', contactX: 'ok' }, { lists: (actor) => portalTodos(actor, true) }),
    // identity: anyone logged in reaches their own /me
    ...ACTORS.map((actor): Spec => ({ actor, method: 'GET', path: '/api/identity/me', outcome: actor === 'anonymous' ? 401 : 'ok' })),
  ];

  // Writes by everyone but their owner: all refused, and they change nothing.
  const refusedWrites: Spec[] = [
    ...endpoint(
      'staff',
      'POST',
      '/api/tasks/clients/{clientX}/todos',
      { staffB: 404 },
      { body: { title: 'Intruder', assignee: { kind: 'client' } }, hides: 'clientX' },
    ),
    ...endpoint('staff', 'POST', '/api/tasks/todos/{todoX}/reopen', { staffB: 404 }, { hides: 'todoX' }),
    ...endpoint('portal', 'POST', '/api/tasks/portal/todos/{todoPlainX}/complete', { clientY: 404, contactX: 404 }, { hides: 'todoPlainX' }),
    ...endpoint('staff', 'POST', '/api/files/clients/{clientX}/uploads', { staffB: 404 }, { body: pdf, hides: 'clientX' }),
    ...endpoint('staff', 'POST', '/api/files/uploads/{pendingStaff}/complete', { staffB: 404 }, { body: {}, hides: 'pendingStaff' }),
    ...endpoint('staff', 'PUT', '/api/files/files/{unsharedFile}/sharing', { staffB: 404 }, { body: { shared: true }, hides: 'unsharedFile' }),
    ...endpoint('staff', 'DELETE', '/api/files/files/{unsharedFile}', { staffB: 404 }, { hides: 'unsharedFile' }),
    // A client's upload cannot answer another client's file request (422 naming todoId).
    ...endpoint('portal', 'POST', '/api/files/portal/uploads', { clientY: 422 }, { body: { ...pdf, todoId: '{todoX}' } }),
    ...endpoint('portal', 'POST', '/api/files/portal/uploads/{pendingX}/complete', { clientY: 404 }, { body: {}, hides: 'pendingX' }),
    ...endpoint(
      'portal',
      'PATCH',
      '/api/files/portal/files/{fileX}',
      { clientY: 404, contactX: notUploader },
      { body: { name: 'renamed.pdf' }, hides: 'fileX' },
    ),
    ...endpoint(
      'portal',
      'PATCH',
      '/api/files/portal/files/{sharedFile}',
      { clientX: notUploader, clientY: 404 },
      { body: { name: 'renamed.pdf' }, hides: 'sharedFile' },
    ),
    ...endpoint(
      'portal',
      'PATCH',
      '/api/files/portal/files/{unsharedFile}',
      { clientX: 404, clientY: 404, contactX: 404 },
      { body: { name: 'renamed.pdf' }, hides: 'unsharedFile' },
    ),
    ...endpoint('portal', 'DELETE', '/api/files/portal/files/{fileX}', { clientY: 404, contactX: notUploader }, { hides: 'fileX' }),
    ...endpoint('staff', 'POST', '/api/billing/clients/{clientX}/invoices', { staffB: 404 }, { body: invoice, hides: 'clientX' }),
    ...endpoint('staff', 'POST', '/api/billing/invoices/{draftX}/issue', { staffB: 404 }, { hides: 'draftX' }),
    ...endpoint('staff', 'POST', '/api/billing/invoices/{draftToVoid}/void', { staffB: 404 }, { hides: 'draftToVoid' }),
    ...endpoint(
      'staff',
      'POST',
      '/api/billing/invoices/{invoiceX}/payments',
      { staffB: 404 },
      { body: { amountMinor: 100, method: 'cash' }, hides: 'invoiceX' },
    ),
  ];

  // The owners' writes, last (they change the resources the rows above read).
  const owner = (actor: Actor, method: string, path: string, body?: unknown): Spec => ({ actor, method, path, body, outcome: 'ok' });
  const ownerWrites: Spec[] = [
    owner('staffA', 'POST', '/api/tasks/clients/{clientX}/todos', { title: 'Owner', assignee: { kind: 'client' } }),
    owner('clientX', 'POST', '/api/tasks/portal/todos/{todoPlainX}/complete'),
    owner('contactX', 'POST', '/api/tasks/portal/todos/{todoContact}/complete'),
    owner('staffA', 'POST', '/api/tasks/todos/{todoX}/reopen'),
    owner('staffA', 'POST', '/api/files/clients/{clientX}/uploads', pdf),
    owner('staffA', 'POST', '/api/files/uploads/{pendingStaff}/complete', {}),
    owner('clientX', 'POST', '/api/files/portal/uploads', { ...pdf, todoId: '{todoX}' }),
    owner('clientX', 'POST', '/api/files/portal/uploads/{pendingX}/complete', {}),
    owner('clientX', 'PATCH', '/api/files/portal/files/{fileX}', { name: 'renamed.pdf' }),
    owner('clientX', 'DELETE', '/api/files/portal/files/{fileX}'),
    owner('staffA', 'PUT', '/api/files/files/{unsharedFile}/sharing', { shared: true }),
    owner('staffA', 'DELETE', '/api/files/files/{unsharedFile}'),
    owner('staffA', 'POST', '/api/billing/clients/{clientX}/invoices', invoice),
    owner('staffA', 'POST', '/api/billing/invoices/{draftX}/issue'),
    owner('staffA', 'POST', '/api/billing/invoices/{draftToVoid}/void'),
    owner('staffA', 'POST', '/api/billing/invoices/{invoiceX}/payments', { amountMinor: 100, method: 'cash' }),
  ];

  const table = (specs: Spec[]) => specs.map((spec) => [`${spec.actor} ${spec.method} ${spec.path}`, spec] as const);

  describe('reads', () => {
    it.each(table(reads))('%s', async (_label, spec) => {
      await check(spec);
    });
  });

  describe('writes by anyone but the owner', () => {
    it.each(table(refusedWrites))('%s', async (_label, spec) => {
      await check(spec);
    });

    it('changed nothing', async () => {
      const staff = (path: string) => portico.call('GET', resolve(path), undefined, firmA.token);
      expect((await staff('/api/tasks/todos/{todoPlainX}')).body).toMatchObject({ status: 'open' });
      expect((await staff('/api/tasks/todos/{todoX}')).body).toMatchObject({ status: 'completed', fileId: ids.fileX });
      expect(idsOf(await staff('/api/tasks/clients/{clientX}/todos'), 'todoId')).toHaveLength(3);
      expect((await staff('/api/files/files/{fileX}')).body).toMatchObject({ name: 'clientX.pdf', status: 'available' });
      expect((await staff('/api/files/files/{unsharedFile}')).body).toMatchObject({ sharedWithClient: false, status: 'available' });
      expect((await staff('/api/files/files/{pendingStaff}')).body).toMatchObject({ status: 'pending' });
      expect(idsOf(await staff('/api/files/clients/{clientX}/files'), 'fileId').sort()).toEqual([ids.fileX, ids.sharedFile, ids.unsharedFile].sort());
      expect((await staff('/api/billing/invoices/{invoiceX}')).body).toMatchObject({ paidMinor: 5_000, status: 'open' });
      expect((await staff('/api/billing/invoices/{draftX}')).body).toMatchObject({ status: 'draft' });
      expect((await staff('/api/billing/invoices/{draftToVoid}')).body).toMatchObject({ status: 'draft' });
      expect(idsOf(await staff('/api/billing/clients/{clientX}/invoices'), 'invoiceId')).toHaveLength(3);
    });
  });

  describe('presigned URLs', () => {
    it('cannot be widened to another object: S3 refuses a GET or PUT URL whose key was edited (403)', async () => {
      const link = await portico.call('GET', `/api/files/portal/files/${ids.fileX}/download`, undefined, sessions.clientX.accessToken);
      const url = String(link.body.url);
      expect(url).toContain(ids.fileX);
      expect((await s3Get(url)).status).toBe(200);
      // The other object is in the same client's folder: only the signature stands in the way.
      const widened = await s3Get(url.replace(ids.fileX, ids.unsharedFile));
      expect(widened.status).toBe(403);

      const asked = await portico.call(
        'POST',
        '/api/files/portal/uploads',
        { name: 'overwrite.pdf', sizeBytes: 2048, contentType: 'application/pdf' },
        sessions.clientX.accessToken,
      );
      expect(asked.status).toBe(201);
      const upload = asked.body.upload as { kind: string; url: string };
      const put = await fetch(upload.url.replace(String(asked.body.fileId), ids.unsharedFile), { method: 'PUT', body: randomFile(2048) });
      expect(put.status).toBe(403);
    });
  });

  describe('owners', () => {
    it.each(table(ownerWrites))('%s', async (_label, spec) => {
      await check(spec);
    });
  });

  it('counts 0 leaks', () => {
    expect(leaks).toEqual([]);
    expect(rowsRun).toBe(reads.length + refusedWrites.length + ownerWrites.length);
    expect(rowsRun).toBeGreaterThan(250);
  });
});
