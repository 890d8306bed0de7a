import { waitFor } from '@portico/testing';
import { idsOf, Portico, randomFile, s3Get, sha256, STRONG, type Body, type Firm, type PortalSession } from './support/portal-stack';

// Issue 6 end to end, through the gateway only: a client invited to a firm's portal answers a
// file request, the firm downloads the file, bills the client and records a payment, and the
// client manages their own login. Every service is a built process on the real local Kafka,
// MongoDB-wire server, S3 (versitygw) and Mailpit.
jest.setTimeout(240_000);

/** Short enough to wait out in a test, long enough to rename a file right after uploading it. */
const EDIT_WINDOW_SECONDS = 4;
const TWENTY_MB = 20 * 1024 * 1024;

describe('client portal, end to end', () => {
  let portico: Portico;
  let firm: Firm;
  let clientId: string;
  let clientEmail: string;
  let client: PortalSession;
  let todoId: string;
  let fileId: string;
  let w2: Uint8Array;
  let invoiceId: string;

  const home = async () => portico.call('GET', '/api/portal/home', undefined, client.accessToken);
  const asClient = (method: string, path: string, body?: unknown) => portico.call(method, path, body, client.accessToken);
  const asStaff = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => portico.call(method, path, body, firm.token, headers);

  beforeAll(async () => {
    portico = await Portico.start({ files: { FILES_EDIT_WINDOW_SECONDS: String(EDIT_WINDOW_SECONDS) } });
    clientEmail = portico.email('jordan');
    firm = await portico.firm(`Portal Firm ${portico.run}`, portico.email('owner'));
    clientId = (await portico.createClient(firm.token, { kind: 'individual', displayName: 'Jordan Client', emails: [clientEmail] })).id;
  });

  afterAll(async () => {
    await portico?.stop();
  });

  it('the invited client accepts, logs in and enters the portal: an empty home with their initials and no billing', async () => {
    expect((await portico.invite(firm.token, clientId, { clientEmails: [clientEmail] })).status).toBe(202);
    await portico.accept(clientEmail);
    client = await portico.enterPortal(clientEmail, firm.firmId);
    expect(client.portal).toMatchObject({ firmId: firm.firmId, clientId, contactId: null });

    const empty = await home();
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({
      portal: { firmId: firm.firmId, clientId, contactId: null },
      user: expect.objectContaining({ email: clientEmail, initials: 'J' }),
      todos: [],
      recentFiles: [],
      billing: null,
      unavailable: [],
    });
  });

  it('staff create a file request "Upload your W-2" and the client sees it among the to-dos of their home', async () => {
    const todo = await portico.todo(firm.token, clientId, {
      title: 'Upload your W-2',
      description: 'The one your employer sent in January.',
      dueDate: '2027-04-15',
      requiresFile: true,
      assignee: { kind: 'client' },
    });
    expect(todo).toMatchObject({
      clientId,
      title: 'Upload your W-2',
      dueDate: '2027-04-15',
      requiresFile: true,
      assignee: { kind: 'client' },
      status: 'open',
      completedAt: null,
      completedBy: null,
      fileId: null,
    });
    todoId = String(todo.todoId);

    const withTodo = await home();
    expect(withTodo.status).toBe(200);
    expect((withTodo.body.todos as Body[]).map((item) => item.todoId)).toEqual([todoId]);
    // A file request cannot be ticked off by hand.
    const byHand = await asClient('POST', `/api/tasks/portal/todos/${todoId}/complete`);
    expect(byHand.status).toBe(409);
    expect(byHand.body.code).toBe('file_required');
  });

  it('the client uploads 20 MB straight to S3 for the to-do, and the to-do completes by the FileUploaded event', async () => {
    const tooBig = await asClient('POST', '/api/files/portal/uploads', {
      name: 'archive.zip',
      sizeBytes: 5_000_000_000,
      contentType: 'application/zip',
      todoId,
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors?.map((error) => error.field)).toContain('sizeBytes');

    w2 = randomFile(TWENTY_MB);
    const file = await portico.upload(
      client.accessToken,
      '/api/files/portal/uploads',
      (id) => `/api/files/portal/uploads/${id}/complete`,
      { name: 'W-2 2026.pdf', sizeBytes: w2.byteLength, contentType: 'application/pdf', todoId },
      w2,
    );
    expect(file).toMatchObject({
      clientId,
      name: 'W-2 2026.pdf',
      sizeBytes: TWENTY_MB,
      contentType: 'application/pdf',
      status: 'available',
      sharedWithClient: true,
      todoId,
    });
    fileId = String(file.fileId);
    const uploader = file.uploadedBy as { userId: string; role: string; contactId: string | null };
    expect(uploader).toMatchObject({ role: 'client', contactId: null });

    const completed = await waitFor(
      async () => {
        const got = await asClient('GET', `/api/tasks/portal/todos/${todoId}`);
        return got.body.status === 'completed' ? got.body : undefined;
      },
      { timeoutMs: 30_000, description: 'the to-do to complete by FileUploaded' },
    );
    expect(completed).toMatchObject({ completedBy: { userId: uploader.userId, role: 'client', contactId: null }, fileId, completedAt: expect.any(String) });
    // Staff see who completed it and when.
    expect((await asStaff('GET', `/api/tasks/todos/${todoId}`)).body).toMatchObject({ status: 'completed', completedBy: uploader, fileId });

    const after = await home();
    expect(after.body.todos).toEqual([]);
    expect((after.body.recentFiles as Body[]).map((item) => item.fileId)).toEqual([fileId]);
  });

  it('staff download the file through a presigned GET and get the same bytes', async () => {
    const link = await asStaff('GET', `/api/files/files/${fileId}/download`);
    expect(link.status).toBe(200);
    expect(link.body).toEqual({ url: expect.stringMatching(/^https?:\/\//), expiresAt: expect.any(String) });
    // Short-lived: five minutes.
    const ttl = Date.parse(String(link.body.expiresAt)) - Date.now();
    expect(ttl).toBeGreaterThan(4 * 60_000);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000);
    const download = await s3Get(String(link.body.url));
    expect(download.status).toBe(200);
    expect(download.bytes.byteLength).toBe(TWENTY_MB);
    expect(sha256(download.bytes)).toBe(sha256(w2));
    expect(download.headers.get('content-disposition')).toContain('W-2 2026.pdf');
    // The object key is the service's, never the user's file name.
    expect(new URL(String(link.body.url)).pathname).toContain(`firms/${firm.firmId}/clients/${clientId}/${fileId}`);
  });

  it('staff enable billing and issue an invoice: the client sees it, the balance and the home summary', async () => {
    const enabled = await portico.untilKnown(
      () => asStaff('PUT', `/api/billing/clients/${clientId}/settings`, { billingInPortal: true }),
      `billing to know client ${clientId}`,
    );
    expect(enabled.status).toBe(200);
    expect(enabled.body).toEqual({ clientId, billingInPortal: true, source: 'client' });

    const draft = await asStaff('POST', `/api/billing/clients/${clientId}/invoices`, {
      dueDate: '2027-05-01',
      memo: 'Tax year 2026',
      lineItems: [
        // 45000 x 8.25% = 3712.5: rounded half up to 3713.
        { description: 'Individual tax return', quantity: 1, unitPriceMinor: 45_000, taxRateBasisPoints: 825 },
        { description: 'State filing', quantity: 2, unitPriceMinor: 7_550 },
      ],
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({
      status: 'draft',
      number: null,
      subtotalMinor: 60_100,
      taxMinor: 3_713,
      totalMinor: 63_813,
      balanceMinor: 63_813,
      paidMinor: 0,
    });
    invoiceId = String(draft.body.invoiceId);
    expect(idsOf(await asClient('GET', '/api/billing/portal/invoices'), 'invoiceId')).toEqual([]); // drafts are the firm's

    const issued = await asStaff('POST', `/api/billing/invoices/${invoiceId}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ status: 'open', number: expect.stringMatching(/^INV-\d{6}$/), issuedAt: expect.any(String) });

    const invoices = await asClient('GET', '/api/billing/portal/invoices');
    expect(invoices.status).toBe(200);
    expect(invoices.body.items).toEqual([
      expect.objectContaining({ invoiceId, number: issued.body.number, status: 'open', totalMinor: 63_813, balanceMinor: 63_813, currency: 'USD' }),
    ]);
    const lines = (invoices.body.items![0]!.lineItems as Body[]).map(({ subtotalMinor, taxMinor, totalMinor }) => ({ subtotalMinor, taxMinor, totalMinor }));
    expect(lines).toEqual([
      { subtotalMinor: 45_000, taxMinor: 3_713, totalMinor: 48_713 },
      { subtotalMinor: 15_100, taxMinor: 0, totalMinor: 15_100 },
    ]);
    const summary = { currency: 'USD', balanceMinor: 63_813, openInvoiceCount: 1, nextDueDate: '2027-05-01' };
    expect((await asClient('GET', '/api/billing/portal/summary')).body).toEqual(summary);
    expect((await home()).body.billing).toEqual(summary);
  });

  it('staff record a partial payment: the balance and the payment history update for the client', async () => {
    const pay = () =>
      asStaff(
        'POST',
        `/api/billing/invoices/${invoiceId}/payments`,
        { amountMinor: 20_000, method: 'card', reference: 'terminal 7' },
        { 'idempotency-key': `pay-${portico.run}` },
      );
    const paid = await pay();
    expect(paid.status).toBe(201);
    expect(paid.body.invoice).toMatchObject({ status: 'open', paidMinor: 20_000, balanceMinor: 43_813 });
    expect(paid.body.payment).toMatchObject({ amountMinor: 20_000, method: 'card', reference: 'terminal 7' });
    // The front desk's retry (same Idempotency-Key) is the same payment, not a second one.
    const retried = await pay();
    expect(retried.status).toBeLessThan(300);
    expect(retried.body.payment).toEqual(paid.body.payment);

    expect((await asStaff('GET', `/api/billing/clients/${clientId}/balance`)).body).toEqual({
      clientId,
      currency: 'USD',
      balanceMinor: 43_813,
      openInvoiceCount: 1,
    });
    const summary = { currency: 'USD', balanceMinor: 43_813, openInvoiceCount: 1, nextDueDate: '2027-05-01' };
    expect((await asClient('GET', '/api/billing/portal/summary')).body).toEqual(summary);
    expect((await home()).body.billing).toEqual(summary);
    const history = await asClient('GET', '/api/billing/portal/payments');
    expect(history.status).toBe(200);
    const number = (await asClient('GET', `/api/billing/portal/invoices/${invoiceId}`)).body.number;
    expect(history.body.items).toEqual([expect.objectContaining({ amountMinor: 20_000, method: 'card', invoiceId, invoiceNumber: number })]);
  });

  it('staff disable billing: the home has no billing and every portal billing endpoint answers 403 billing_not_enabled', async () => {
    const disabled = await asStaff('PUT', `/api/billing/clients/${clientId}/settings`, { billingInPortal: false });
    expect(disabled.body).toEqual({ clientId, billingInPortal: false, source: 'client' });
    const after = await home();
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ billing: null, unavailable: [] });
    for (const path of [
      '/api/billing/portal/summary',
      '/api/billing/portal/invoices',
      `/api/billing/portal/invoices/${invoiceId}`,
      '/api/billing/portal/payments',
    ]) {
      const refused = await asClient('GET', path);
      expect({ path, status: refused.status, code: refused.body.code }).toEqual({ path, status: 403, code: 'billing_not_enabled' });
    }
  });

  it(`the client may rename or delete their own upload for ${EDIT_WINDOW_SECONDS} s (the edit window), then it is the firm's record`, async () => {
    const upload = (name: string) =>
      portico.upload(
        client.accessToken,
        '/api/files/portal/uploads',
        (id) => `/api/files/portal/uploads/${id}/complete`,
        { name, sizeBytes: 1024, contentType: 'text/plain' },
        randomFile(1024),
      );
    const [kept, dropped] = await Promise.all([upload('receipt.txt'), upload('mistake.txt')]);

    const renamed = await asClient('PATCH', `/api/files/portal/files/${String(kept.fileId)}`, { name: 'receipt 2026.txt' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ fileId: kept.fileId, name: 'receipt 2026.txt' });
    const deleted = await asClient('DELETE', `/api/files/portal/files/${String(dropped.fileId)}`);
    expect(deleted.status).toBeLessThan(300);
    const listed = idsOf(await asClient('GET', '/api/files/portal/files'), 'fileId');
    expect(listed).toContain(kept.fileId);
    expect(listed).not.toContain(dropped.fileId);

    const until = Date.parse(String(kept.editableUntil));
    expect(until - Date.parse(String(kept.uploadedAt))).toBe(EDIT_WINDOW_SECONDS * 1000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now()) + 500));
    for (const [method, body] of [
      ['PATCH', { name: 'too late.txt' }],
      ['DELETE', undefined],
    ] as const) {
      const closed = await asClient(method, `/api/files/portal/files/${String(kept.fileId)}`, body);
      expect({ method, status: closed.status, code: closed.body.code }).toEqual({ method, status: 403, code: 'edit_window_closed' });
    }
    expect((await asClient('GET', `/api/files/portal/files`)).body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ fileId: kept.fileId, name: 'receipt 2026.txt' })]),
    );
  });

  it('with a service down, the home still renders: that section is null and named unavailable', async () => {
    await portico.stack.service('tasks').stop();
    const degraded = await home();
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({ portal: { clientId }, todos: null, unavailable: ['todos'] }); // the section, as the gateway documents it
    expect((degraded.body.recentFiles as Body[]).length).toBeGreaterThan(0);
  });

  describe('user settings', () => {
    it('the client names themselves and the home shows the new initials', async () => {
      const renamed = await asClient('PATCH', '/api/identity/me', { name: '  Dana Scully ' });
      expect(renamed.status).toBe(200);
      expect((await asClient('GET', '/api/identity/me')).body).toMatchObject({ name: 'Dana Scully', initials: 'DS', email: clientEmail });
      expect((await home()).body.user).toEqual(expect.objectContaining({ name: 'Dana Scully', initials: 'DS', email: clientEmail }));
      const blank = await asClient('PATCH', '/api/identity/me', { name: '   ' });
      expect(blank.status).toBe(400);
      expect(blank.body.errors?.[0]?.field).toBe('name');
    });

    it('changes their password: the current one is required, the new one must pass the policy, then only the new one logs in', async () => {
      const NEW = 'a much longer passphrase for 2027';
      const wrong = await asClient('POST', '/api/identity/me/password', { currentPassword: 'not my password at all', newPassword: NEW });
      expect([400, 401, 403]).toContain(wrong.status);
      expect(wrong.body.code).toBe('wrong_password');
      const weak = await asClient('POST', '/api/identity/me/password', { currentPassword: STRONG, newPassword: 'password' });
      expect(weak.status).toBe(400);
      expect(weak.body.errors?.map((error) => error.field)).toContain('newPassword');

      // Another session of the same login (a second device) is signed out by the change.
      const otherDevice = await portico.login(clientEmail);
      const changed = await asClient('POST', '/api/identity/me/password', { currentPassword: STRONG, newPassword: NEW });
      expect(changed.status).toBe(200);
      expect((await portico.login(clientEmail)).status).toBe(401);
      expect((await portico.call('POST', '/api/identity/auth/refresh', { refreshToken: otherDevice.body.refreshToken })).status).toBe(401);
      client = await portico.enterPortal(clientEmail, firm.firmId, NEW);
      expect(client.portal).toMatchObject({ clientId });
    });

    it('logs out of all sessions: every refresh token of theirs is refused', async () => {
      const NEW = 'a much longer passphrase for 2027';
      const laptop = await portico.login(clientEmail, NEW);
      expect(laptop.status).toBe(200);
      const out = await asClient('POST', '/api/identity/auth/logout-all');
      expect(out.status).toBeLessThan(300);
      for (const refreshToken of [client.refreshToken, laptop.body.refreshToken]) {
        expect((await portico.call('POST', '/api/identity/auth/refresh', { refreshToken })).status).toBe(401);
      }
      expect((await portico.call('POST', '/api/identity/auth/portal', { refreshToken: laptop.body.refreshToken, firmId: firm.firmId })).status).toBe(401);
    });
  });
});
