import { ClientBillingChanged, ClientCreated, createEvent, InvoiceIssued, InvoiceVoided, PaymentRecorded, Topics, type PayloadOf } from '@portico/contracts';
import { assertTestDatabase, EventTap, freePort, ServiceProcess, testDatabaseName, testEndpoints, TestTokenIssuer, waitFor } from '@portico/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';

// The billing service as production runs it (built main.js, own process) on the real local
// Kafka and MongoDB-wire server. Its client directory is seeded with ClientCreated events, as
// the clients service publishes them; what it publishes is read back from its topics.

interface InvoiceJson {
  invoiceId: string;
  clientId: string;
  number: string | null;
  status: string;
  currency: string;
  totalMinor: number;
  paidMinor: number;
  balanceMinor: number;
  payments: { paymentId: string; amountMinor: number; method: string; paidAt: string; reference: string | null }[];
}

describe('billing service (built main.js, real Kafka and MongoDB)', () => {
  const endpoints = testEndpoints();
  const tokens = new TestTokenIssuer();
  const database = testDatabaseName('billing');
  const kafka = new Kafka({ clientId: 'billing-int-spec', brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  // Fresh ids every run: the topics are shared with other runs and the dev stack.
  const firmA = uuidv7();
  const firmB = uuidv7();
  const firmC = uuidv7();
  const clientA = uuidv7();
  const clientA2 = uuidv7();
  const clientB = uuidv7();
  const clientC = uuidv7();
  const ourFirms = new Set([firmA, firmB, firmC]);
  const tap = new EventTap(kafka, [Topics.billingInvoice.name, Topics.billingAccount.name], (event) => ourFirms.has(event.firmId));

  let service: ServiceProcess;
  let producer: Producer;
  let db: Connection;
  const staffUserA = uuidv7();
  let staffA: string;
  let staffB: string;
  let staffC: string;
  let portalA: string;
  let contactA: string;
  let portalA2: string;

  const api = (token: string, method: 'get' | 'post' | 'put', path: string, body?: object) => {
    const req = request(service.baseUrl)[method](`/api/billing${path}`).set('authorization', `Bearer ${token}`);
    return body ? req.send(body) : req;
  };

  const lines = (...items: [number, number, number?][]) =>
    items.map(([quantity, unitPriceMinor, taxRateBasisPoints], index) => ({ description: `Line ${index + 1}`, quantity, unitPriceMinor, taxRateBasisPoints }));

  /** A draft of `totalMinor` (one untaxed line) for the client, then issued. */
  const openInvoice = async (token: string, clientId: string, totalMinor: number, dueDate = '2026-06-30'): Promise<InvoiceJson> => {
    const created = await api(token, 'post', `/clients/${clientId}/invoices`, { dueDate, lineItems: lines([1, totalMinor]) });
    expect(created.status).toBe(201);
    const issued = await api(token, 'post', `/invoices/${created.body.invoiceId}/issue`);
    expect(issued.status).toBe(200);
    return issued.body;
  };

  const pay = (invoiceId: string, body: object, idempotencyKey?: string) => {
    const req = api(staffA, 'post', `/invoices/${invoiceId}/payments`, body);
    return idempotencyKey ? req.set('idempotency-key', idempotencyKey) : req;
  };

  const setClientBilling = async (clientId: string, billingInPortal: boolean) => {
    const res = await api(staffA, 'put', `/clients/${clientId}/settings`, { billingInPortal });
    expect(res.status).toBe(200);
  };

  const setFirmSettings = async (token: string, body: object) => {
    const res = await api(token, 'put', '/settings', body);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    await tokens.start();
    staffA = tokens.mint({ userId: staffUserA, role: 'staff', firmId: firmA, email: 'owner@harbor.test' });
    staffB = tokens.mint({ userId: uuidv7(), role: 'staff', firmId: firmB, email: 'owner@other.test' });
    staffC = tokens.mint({ userId: uuidv7(), role: 'staff', firmId: firmC, email: 'owner@euro.test' });
    portalA = tokens.mint({ userId: uuidv7(), role: 'client', firmId: firmA, clientId: clientA, contactId: null, email: 'jane@example.test' });
    contactA = tokens.mint({ userId: uuidv7(), role: 'client', firmId: firmA, clientId: clientA, contactId: 'spouse', email: 'john@example.test' });
    portalA2 = tokens.mint({ userId: uuidv7(), role: 'client', firmId: firmA, clientId: clientA2, contactId: null, email: 'sam@example.test' });
    db = await mongoose.createConnection(endpoints.mongoUrl, { dbName: database }).asPromise();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    service = await new ServiceProcess({
      service: 'billing',
      env: {
        PORT: String(await freePort()),
        MONGO_URL: endpoints.mongoUrl,
        MONGO_DB: database,
        KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: `billing-${database}`,
        ...tokens.env(),
      },
    }).start();
    await tap.start();

    const client = (clientId: string, firmId: string, displayName: string, contacts: PayloadOf<typeof ClientCreated>['contacts'] = []) =>
      createEvent(ClientCreated, { clientId, firmId, kind: 'individual', displayName, emails: [], contacts }, { firmId, correlationId: randomUUID() });
    const seeded = [
      client(clientA, firmA, 'Jane Doe', [
        { contactId: 'spouse', name: 'John Doe', relationship: 'spouse', email: 'john@example.test', active: true, billable: true },
      ]),
      client(clientA2, firmA, 'Sam Roe'),
      client(clientB, firmB, 'Other Co'),
      client(clientC, firmC, 'Euro Client'),
    ];
    await producer.send({ topic: Topics.clientsClient.name, acks: -1, messages: seeded.map((event) => ({ key: event.key, value: JSON.stringify(event) })) });
    await waitFor(
      async () => (await db.collection('client_directory').countDocuments({ _id: { $in: [clientA, clientA2, clientB, clientC] } as never })) === 4,
      {
        timeoutMs: 30_000,
        description: 'the clients in the directory',
      },
    );
  });

  afterAll(async () => {
    await service?.stop();
    await tap.stop();
    await producer?.disconnect();
    assertTestDatabase(database);
    await db?.dropDatabase();
    await db?.close();
    await tokens.stop();
  });

  describe('settings', () => {
    it('starts with billing off, in USD, contacts excluded', async () => {
      const res = await api(staffA, 'get', '/settings');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ currency: 'USD', billingInPortalDefault: false, contactsSeeBilling: false });
    });

    it('refuses a currency that is not ISO 4217, naming the field', async () => {
      const lower = await api(staffA, 'put', '/settings', { currency: 'usd' });
      expect(lower.status).toBe(400);
      expect(lower.body.errors).toEqual([expect.objectContaining({ field: 'currency', rule: 'matches' })]);
      const unknown = await api(staffA, 'put', '/settings', { currency: 'XYZ' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'currency', rule: 'isISO4217CurrencyCode' })]);
    });

    it("turns billing on and off per client, which overrides the firm's default, and publishes ClientBillingChanged", async () => {
      expect((await api(staffA, 'get', `/clients/${clientA}/settings`)).body).toEqual({ clientId: clientA, billingInPortal: false, source: 'firm-default' });
      const on = await api(staffA, 'put', `/clients/${clientA}/settings`, { billingInPortal: true });
      expect(on.status).toBe(200);
      expect(on.body).toEqual({ clientId: clientA, billingInPortal: true, source: 'client' });
      expect((await api(staffA, 'get', `/clients/${clientA}/settings`)).body).toEqual({ clientId: clientA, billingInPortal: true, source: 'client' });
      const [changed] = await tap.waitFor<PayloadOf<typeof ClientBillingChanged>>(ClientBillingChanged.type, (event) => event.payload.clientId === clientA);
      expect(changed).toMatchObject({ firmId: firmA, key: clientA, payload: { clientId: clientA, billingInPortal: true, changedBy: staffUserA } });

      // Setting the value it already has writes nothing and publishes nothing.
      expect((await api(staffA, 'put', `/clients/${clientA}/settings`, { billingInPortal: true })).status).toBe(200);
      await waitFor(async () => (await db.collection('client_billing').countDocuments({ 'outbox.0': { $exists: true } })) === 0, {
        description: 'the client_billing outboxes to be drained',
      });
      await tap.caughtUp();
      expect(tap.of(ClientBillingChanged.type, (event) => event.firmId === firmA)).toHaveLength(1);
    });

    it('applies the firm default to clients without their own setting', async () => {
      expect((await api(portalA2, 'get', '/portal/summary')).status).toBe(403);
      await setFirmSettings(staffA, { billingInPortalDefault: true });
      expect((await api(staffA, 'get', `/clients/${clientA2}/settings`)).body).toEqual({ clientId: clientA2, billingInPortal: true, source: 'firm-default' });
      const summary = await api(portalA2, 'get', '/portal/summary');
      expect(summary.status).toBe(200);
      expect(summary.body).toEqual({ currency: 'USD', balanceMinor: 0, openInvoiceCount: 0, nextDueDate: null });
      // A client's own setting wins over the default.
      await setClientBilling(clientA2, false);
      expect((await api(portalA2, 'get', '/portal/summary')).body.code).toBe('billing_not_enabled');
      await setClientBilling(clientA2, true);
      await setFirmSettings(staffA, { billingInPortalDefault: false });
      expect((await api(portalA2, 'get', '/portal/summary')).status).toBe(200);
    });
  });

  describe('billing not enabled', () => {
    it('answers 403 billing_not_enabled on every portal endpoint while billing is off for the client', async () => {
      await setClientBilling(clientA2, false);
      for (const path of ['/portal/summary', '/portal/invoices', `/portal/invoices/${uuidv7()}`, '/portal/payments']) {
        const res = await api(portalA2, 'get', path);
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'billing_not_enabled', message: expect.any(String) });
      }
      await setClientBilling(clientA2, true);
    });

    it('answers 403 billing_not_enabled to a linked contact unless the firm lets contacts see billing', async () => {
      expect((await api(portalA, 'get', '/portal/summary')).status).toBe(200);
      const refused = await api(contactA, 'get', '/portal/summary');
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('billing_not_enabled');
      await setFirmSettings(staffA, { contactsSeeBilling: true });
      expect((await api(contactA, 'get', '/portal/summary')).status).toBe(200);
      await setFirmSettings(staffA, { contactsSeeBilling: false });
      expect((await api(contactA, 'get', '/portal/summary')).status).toBe(403);
    });
  });

  describe('an invoice from draft to paid', () => {
    let draft: InvoiceJson;
    let open: InvoiceJson;

    beforeAll(async () => {
      const res = await api(staffA, 'post', `/clients/${clientA}/invoices`, {
        dueDate: '2026-04-30',
        memo: 'Thank you',
        lineItems: lines([3, 1999, 825], [1, 5000]),
      });
      expect(res.status).toBe(201);
      draft = res.body;
    });

    it('creates a priced draft: tax per line rounded half up, totals summed, no number', () => {
      expect(draft).toMatchObject({
        clientId: clientA,
        number: null,
        status: 'draft',
        currency: 'USD',
        lineItems: [
          { description: 'Line 1', quantity: 3, unitPriceMinor: 1999, taxRateBasisPoints: 825, subtotalMinor: 5997, taxMinor: 495, totalMinor: 6492 },
          { description: 'Line 2', quantity: 1, unitPriceMinor: 5000, taxRateBasisPoints: 0, subtotalMinor: 5000, taxMinor: 0, totalMinor: 5000 },
        ],
        subtotalMinor: 10_997,
        taxMinor: 495,
        totalMinor: 11_492,
        paidMinor: 0,
        balanceMinor: 11_492,
        dueDate: '2026-04-30',
        memo: 'Thank you',
        issuedAt: null,
        payments: [],
      });
    });

    it('keeps drafts out of the portal and the balance', async () => {
      expect((await api(portalA, 'get', '/portal/invoices')).body.items.map((i: InvoiceJson) => i.invoiceId)).not.toContain(draft.invoiceId);
      expect((await api(portalA, 'get', `/portal/invoices/${draft.invoiceId}`)).status).toBe(404);
      expect((await api(staffA, 'get', `/clients/${clientA}/balance`)).body).toEqual({
        clientId: clientA,
        currency: 'USD',
        balanceMinor: 0,
        openInvoiceCount: 0,
      });
      expect((await api(staffA, 'get', `/clients/${clientA}/invoices`)).body.items.map((i: InvoiceJson) => i.invoiceId)).toContain(draft.invoiceId);
    });

    it('refuses payments on a draft', async () => {
      expect((await pay(draft.invoiceId, { amountMinor: 100, method: 'cash' })).status).toBe(409);
    });

    it('issues it: open, numbered per firm, InvoiceIssued published; a second issue is a 409', async () => {
      const res = await api(staffA, 'post', `/invoices/${draft.invoiceId}/issue`);
      expect(res.status).toBe(200);
      open = res.body;
      expect(open).toMatchObject({ status: 'open', number: 'INV-000001', issuedAt: expect.any(String), balanceMinor: 11_492 });
      expect((await api(staffA, 'post', `/invoices/${draft.invoiceId}/issue`)).status).toBe(409);
      const [issued] = await tap.waitFor<PayloadOf<typeof InvoiceIssued>>(InvoiceIssued.type, (event) => event.payload.invoiceId === draft.invoiceId);
      expect(issued).toMatchObject({
        firmId: firmA,
        key: draft.invoiceId,
        payload: { clientId: clientA, number: 'INV-000001', currency: 'USD', totalMinor: 11_492, dueDate: '2026-04-30' },
      });
      expect((await api(portalA, 'get', `/portal/invoices/${draft.invoiceId}`)).body).toEqual(open);
    });

    it('records a partial then a full payment: balance, status and history follow', async () => {
      const partial = await pay(open.invoiceId, { amountMinor: 5_000, method: 'check', reference: 'check #1042', paidAt: '2026-04-01T10:00:00Z' });
      expect(partial.status).toBe(201);
      expect(partial.body.payment).toEqual({
        paymentId: expect.any(String),
        amountMinor: 5_000,
        method: 'check',
        paidAt: '2026-04-01T10:00:00.000Z',
        reference: 'check #1042',
      });
      expect(partial.body.invoice).toMatchObject({ status: 'open', paidMinor: 5_000, balanceMinor: 6_492 });
      expect((await api(staffA, 'get', `/clients/${clientA}/balance`)).body).toEqual({
        clientId: clientA,
        currency: 'USD',
        balanceMinor: 6_492,
        openInvoiceCount: 1,
      });
      expect((await api(portalA, 'get', '/portal/summary')).body).toEqual({
        currency: 'USD',
        balanceMinor: 6_492,
        openInvoiceCount: 1,
        nextDueDate: '2026-04-30',
      });

      const full = await pay(open.invoiceId, { amountMinor: 6_492, method: 'card', paidAt: '2026-04-02T10:00:00Z' });
      expect(full.status).toBe(201);
      expect(full.body.invoice).toMatchObject({ status: 'paid', paidMinor: 11_492, balanceMinor: 0 });
      expect(full.body.invoice.payments.map((p: { amountMinor: number }) => p.amountMinor)).toEqual([5_000, 6_492]);
      expect((await api(staffA, 'get', `/clients/${clientA}/balance`)).body).toMatchObject({ balanceMinor: 0, openInvoiceCount: 0 });

      const history = await api(portalA, 'get', '/portal/payments');
      expect(history.status).toBe(200);
      expect(history.body.items).toEqual([
        {
          paymentId: full.body.payment.paymentId,
          invoiceId: open.invoiceId,
          invoiceNumber: 'INV-000001',
          amountMinor: 6_492,
          method: 'card',
          paidAt: '2026-04-02T10:00:00.000Z',
          reference: null,
        },
        {
          paymentId: partial.body.payment.paymentId,
          invoiceId: open.invoiceId,
          invoiceNumber: 'INV-000001',
          amountMinor: 5_000,
          method: 'check',
          paidAt: '2026-04-01T10:00:00.000Z',
          reference: 'check #1042',
        },
      ]);

      const recorded = await tap.waitFor<PayloadOf<typeof PaymentRecorded>>(PaymentRecorded.type, (event) => event.payload.invoiceId === open.invoiceId, 2);
      expect(recorded.map((event) => [event.payload.amountMinor, event.payload.invoiceBalanceMinor, event.payload.method])).toEqual([
        [5_000, 6_492, 'check'],
        [6_492, 0, 'card'],
      ]);
      expect((await pay(open.invoiceId, { amountMinor: 1, method: 'cash' })).status).toBe(409);
    });
  });

  describe('payments', () => {
    it('refuses more than the balance with a 422 naming amountMinor, and bad input with a 400 naming the field', async () => {
      const invoice = await openInvoice(staffA, clientA, 1_000);
      const over = await pay(invoice.invoiceId, { amountMinor: 1_001, method: 'cash' });
      expect(over.status).toBe(422);
      expect(over.body.errors).toEqual([expect.objectContaining({ field: 'amountMinor', rule: 'maxBalance' })]);
      const bad = await pay(invoice.invoiceId, { amountMinor: 1.5, method: 'bitcoin' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amountMinor', 'method']);
      expect((await api(staffA, 'get', `/invoices/${invoice.invoiceId}`)).body).toMatchObject({ paidMinor: 0, balanceMinor: 1_000, payments: [] });
    });

    it('never overpays under concurrency: of payments that together exceed the balance, only the ones that fit succeed', async () => {
      const invoice = await openInvoice(staffA, clientA, 10_000);
      const results = await Promise.all(Array.from({ length: 5 }, () => pay(invoice.invoiceId, { amountMinor: 3_000, method: 'ach' })));
      expect(results.map((res) => res.status).sort()).toEqual([201, 201, 201, 422, 422]);
      const stored = (await api(staffA, 'get', `/invoices/${invoice.invoiceId}`)).body as InvoiceJson;
      expect(stored).toMatchObject({ status: 'open', paidMinor: 9_000, balanceMinor: 1_000 });
      expect(stored.payments).toHaveLength(3);
      const recorded = await tap.waitFor<PayloadOf<typeof PaymentRecorded>>(PaymentRecorded.type, (event) => event.payload.invoiceId === invoice.invoiceId, 3);
      expect(recorded.map((event) => event.payload.invoiceBalanceMinor).sort((a, b) => b - a)).toEqual([7_000, 4_000, 1_000]);
    });

    it('records a payment once per Idempotency-Key, retries (even concurrent ones) get the same payment', async () => {
      const invoice = await openInvoice(staffA, clientA, 5_000);
      const key = `pay-${randomUUID()}`;
      const body = { amountMinor: 2_000, method: 'card', reference: 'ch_123' };
      const [first, second] = await Promise.all([pay(invoice.invoiceId, body, key), pay(invoice.invoiceId, body, key)]);
      const retry = await pay(invoice.invoiceId, body, key);
      for (const res of [first, second, retry]) expect(res.status).toBe(201);
      expect(new Set([first.body.payment.paymentId, second.body.payment.paymentId, retry.body.payment.paymentId]).size).toBe(1);
      expect(retry.body.invoice).toMatchObject({ paidMinor: 2_000, balanceMinor: 3_000 });
      expect((await api(staffA, 'get', `/invoices/${invoice.invoiceId}`)).body.payments).toHaveLength(1);

      const reused = await pay(invoice.invoiceId, { ...body, amountMinor: 2_001 }, key);
      expect(reused.status).toBe(409);
      const another = await pay(invoice.invoiceId, body, `pay-${randomUUID()}`);
      expect(another.status).toBe(201);
      expect(another.body.invoice).toMatchObject({ paidMinor: 4_000, balanceMinor: 1_000 });
      expect((await pay(invoice.invoiceId, body, ' ')).status).toBe(400);
    });
  });

  describe('voiding', () => {
    it('voids an open invoice without payments (InvoiceVoided), refuses one with payments', async () => {
      const unpaid = await openInvoice(staffA, clientA, 700);
      const voided = await api(staffA, 'post', `/invoices/${unpaid.invoiceId}/void`);
      expect(voided.status).toBe(200);
      expect(voided.body).toMatchObject({ status: 'void', balanceMinor: 0, totalMinor: 700 });
      const [event] = await tap.waitFor<PayloadOf<typeof InvoiceVoided>>(InvoiceVoided.type, (e) => e.payload.invoiceId === unpaid.invoiceId);
      expect(event).toMatchObject({ firmId: firmA, payload: { clientId: clientA, voidedBy: staffUserA } });
      expect((await pay(unpaid.invoiceId, { amountMinor: 1, method: 'cash' })).status).toBe(409);

      const paidPart = await openInvoice(staffA, clientA, 700);
      expect((await pay(paidPart.invoiceId, { amountMinor: 100, method: 'cash' })).status).toBe(201);
      const refused = await api(staffA, 'post', `/invoices/${paidPart.invoiceId}/void`);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('open with payments');
    });
  });

  describe('validation and currency', () => {
    it('names the field and rule of a bad invoice', async () => {
      const res = await api(staffA, 'post', `/clients/${clientA}/invoices`, {
        dueDate: '2026-02-30',
        lineItems: [{ description: ' ', quantity: 0, unitPriceMinor: -1, taxRateBasisPoints: 10_001 }],
      });
      expect(res.status).toBe(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(new Set(fields)).toEqual(
        new Set(['dueDate', 'lineItems.0.description', 'lineItems.0.quantity', 'lineItems.0.unitPriceMinor', 'lineItems.0.taxRateBasisPoints']),
      );
      expect((await api(staffA, 'post', `/clients/${clientA}/invoices`, { dueDate: '2026-02-28', lineItems: [] })).body.errors).toEqual([
        expect.objectContaining({ field: 'lineItems', rule: 'arrayMinSize' }),
      ]);
    });

    it('locks the currency once the firm has invoices, and bills in the currency it had', async () => {
      const locked = await api(staffA, 'put', '/settings', { currency: 'EUR' });
      expect(locked.status).toBe(409);
      expect(await setFirmSettings(staffA, { currency: 'USD' })).toMatchObject({ currency: 'USD' });

      expect(await setFirmSettings(staffC, { currency: 'EUR' })).toEqual({ currency: 'EUR', billingInPortalDefault: false, contactsSeeBilling: false });
      const invoice = await openInvoice(staffC, clientC, 4_200);
      expect(invoice).toMatchObject({ currency: 'EUR', number: 'INV-000001' });
      expect((await api(staffC, 'get', `/clients/${clientC}/balance`)).body).toEqual({
        clientId: clientC,
        currency: 'EUR',
        balanceMinor: 4_200,
        openInvoiceCount: 1,
      });
      expect((await api(staffC, 'put', '/settings', { currency: 'GBP' })).status).toBe(409);
    });
  });

  describe("another firm's or another client's data", () => {
    it("answers 404 to staff for another firm's client and invoice, with the body of a missing one", async () => {
      const invoice = await openInvoice(staffA, clientA, 900);
      const missingInvoice = await api(staffB, 'get', `/invoices/${uuidv7()}`);
      expect(missingInvoice.status).toBe(404);
      for (const res of [
        await api(staffB, 'get', `/invoices/${invoice.invoiceId}`),
        await api(staffB, 'post', `/invoices/${invoice.invoiceId}/issue`),
        await api(staffB, 'post', `/invoices/${invoice.invoiceId}/void`),
        await api(staffB, 'post', `/invoices/${invoice.invoiceId}/payments`, { amountMinor: 1, method: 'cash' }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual(missingInvoice.body);
      }
      const missingClient = await api(staffB, 'get', `/clients/${uuidv7()}/settings`);
      expect(missingClient.status).toBe(404);
      for (const res of [
        await api(staffB, 'get', `/clients/${clientA}/settings`),
        await api(staffB, 'put', `/clients/${clientA}/settings`, { billingInPortal: true }),
        await api(staffB, 'post', `/clients/${clientA}/invoices`, { dueDate: '2026-05-01', lineItems: lines([1, 1]) }),
        await api(staffB, 'get', `/clients/${clientA}/invoices`),
        await api(staffB, 'get', `/clients/${clientA}/balance`),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual(missingClient.body);
      }
      expect((await api(staffA, 'get', `/invoices/${invoice.invoiceId}`)).body).toMatchObject({ paidMinor: 0, status: 'open' });
    });

    it("shows a client only their own invoices, and another client's as missing", async () => {
      const ofA = await openInvoice(staffA, clientA, 300);
      const ofA2 = await openInvoice(staffA, clientA2, 400);
      expect((await api(portalA2, 'get', `/portal/invoices/${ofA.invoiceId}`)).status).toBe(404);
      const listed = (await api(portalA2, 'get', '/portal/invoices')).body.items.map((i: InvoiceJson) => i.invoiceId);
      expect(listed).toEqual([ofA2.invoiceId]);
      expect((await api(portalA, 'get', '/portal/invoices')).body.items.map((i: InvoiceJson) => i.clientId)).toEqual(expect.arrayContaining([clientA]));
      expect((await api(portalA, 'get', '/portal/invoices')).body.items.every((i: InvoiceJson) => i.clientId === clientA && i.status !== 'draft')).toBe(true);
      expect((await api(staffA, 'get', '/portal/summary')).status).toBe(403);
      expect((await api(portalA, 'get', '/settings')).status).toBe(403);
    });
  });
});
