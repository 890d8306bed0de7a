import { formatInvoiceNumber, Invoice, NewPayment } from './invoice';
import { IdempotencyKeyReusedError, InvoiceStatusError, InvoiceTotalTooLargeError, PaymentExceedsBalanceError } from './invoice.errors';

const now = new Date('2026-03-01T10:00:00Z');

const draft = () =>
  Invoice.draft(
    {
      firmId: 'f-1',
      clientId: 'c-1',
      currency: 'USD',
      dueDate: '2026-03-31',
      memo: null,
      createdBy: 'staff-1',
      lineItems: [
        { description: 'Tax return', quantity: 1, unitPriceMinor: 50_000, taxRateBasisPoints: 1000 },
        { description: 'Filing', quantity: 2, unitPriceMinor: 2_500, taxRateBasisPoints: 0 },
      ],
    },
    now,
  );

const open = () => draft().apply(draft().issue('INV-000001', now));
const payment = (amountMinor: number, extra: Partial<NewPayment> = {}): NewPayment => ({
  amountMinor,
  method: 'card',
  paidAt: now,
  reference: null,
  recordedBy: 'staff-1',
  idempotencyKey: null,
  ...extra,
});

describe('Invoice.draft', () => {
  it('is a priced draft without number, owing its total', () => {
    expect(draft().props).toMatchObject({
      status: 'draft',
      number: null,
      subtotalMinor: 55_000,
      taxMinor: 5_000,
      totalMinor: 60_000,
      paidMinor: 0,
      balanceMinor: 60_000,
      issuedAt: null,
      payments: [],
    });
  });

  it('refuses a total that is not an exact number', () => {
    expect(() =>
      Invoice.draft({
        firmId: 'f',
        clientId: 'c',
        currency: 'USD',
        dueDate: '2026-01-01',
        memo: null,
        createdBy: 's',
        lineItems: [{ description: 'x', quantity: 1_000_000, unitPriceMinor: 1e12, taxRateBasisPoints: 0 }],
      }),
    ).toThrow(InvoiceTotalTooLargeError);
  });
});

describe('invoice numbers', () => {
  it('are INV- and six digits, growing past six when needed', () => {
    expect(formatInvoiceNumber(1)).toBe('INV-000001');
    expect(formatInvoiceNumber(1_234_567)).toBe('INV-1234567');
  });
});

describe('status transitions', () => {
  it('issues a draft: open, numbered, decided on the draft status', () => {
    const change = draft().issue('INV-000007', now);
    expect(change).toEqual({ expected: { status: 'draft', balanceMinor: 60_000 }, set: { status: 'open', number: 'INV-000007', issuedAt: now } });
    expect(draft().apply(change).props).toMatchObject({ status: 'open', number: 'INV-000007', issuedAt: now, balanceMinor: 60_000 });
  });

  it('issues only drafts', () => {
    expect(() => open().issue('INV-000002')).toThrow(new InvoiceStatusError('open', 'issued', 'a draft'));
  });

  it('voids a draft and an open invoice without payments; nothing is owed then', () => {
    for (const invoice of [draft(), open()]) {
      const voided = invoice.apply(invoice.void('staff-2', now));
      expect(voided.props).toMatchObject({ status: 'void', voidedBy: 'staff-2', voidedAt: now, balanceMinor: 0, totalMinor: 60_000 });
    }
  });

  it('does not void an invoice with payments, a paid or a void one', () => {
    const partlyPaid = open().apply(open().recordPayment(payment(1)));
    expect(() => partlyPaid.void('s')).toThrow('The invoice is open with payments');
    const paid = open().apply(open().recordPayment(payment(60_000)));
    expect(() => paid.void('s')).toThrow(InvoiceStatusError);
    const voided = draft().apply(draft().void('s'));
    expect(() => voided.void('s')).toThrow('The invoice is void');
  });
});

describe('payments', () => {
  it('records a partial payment: paid and balance move, still open, decided on the balance it saw', () => {
    const change = open().recordPayment(payment(20_000, { reference: 'chk 12', method: 'check' }), now);
    expect(change.expected).toEqual({ status: 'open', balanceMinor: 60_000 });
    expect(change.set).toEqual({});
    expect(change.payment).toMatchObject({
      amountMinor: 20_000,
      method: 'check',
      reference: 'chk 12',
      paidAt: now,
      recordedAt: now,
      paymentId: expect.any(String),
    });
    expect(open().apply(change).props).toMatchObject({ status: 'open', paidMinor: 20_000, balanceMinor: 40_000, payments: [change.payment] });
  });

  it('marks the invoice paid when a payment brings the balance to 0', () => {
    const partly = open().apply(open().recordPayment(payment(20_000)));
    const change = partly.recordPayment(payment(40_000));
    expect(change.set).toEqual({ status: 'paid' });
    expect(partly.apply(change).props).toMatchObject({ status: 'paid', paidMinor: 60_000, balanceMinor: 0 });
    expect(partly.apply(change).props.payments).toHaveLength(2);
  });

  it('refuses more than the balance (never an overpayment)', () => {
    const partly = open().apply(open().recordPayment(payment(59_999)));
    expect(() => partly.recordPayment(payment(2))).toThrow(new PaymentExceedsBalanceError(2, 1));
  });

  it('refuses payments on drafts, paid and void invoices', () => {
    expect(() => draft().recordPayment(payment(1))).toThrow('The invoice is draft: only an open invoice can be paid');
    const paid = open().apply(open().recordPayment(payment(60_000)));
    expect(() => paid.recordPayment(payment(1))).toThrow('The invoice is paid');
    const voided = open().apply(open().void('s'));
    expect(() => voided.recordPayment(payment(1))).toThrow('The invoice is void');
  });

  it('refuses amounts that are not positive integers', () => {
    for (const amount of [0, -5, 1.5, Number.NaN]) expect(() => open().recordPayment(payment(amount))).toThrow('positive integer');
  });

  it('finds the payment of an Idempotency-Key, and refuses the key for a different payment', () => {
    const paid = open().apply(open().recordPayment(payment(100, { idempotencyKey: 'k-1', reference: 'r' })));
    expect(paid.paymentByKey('k-1', { amountMinor: 100, method: 'card', reference: 'r' })).toBe(paid.props.payments[0]);
    expect(paid.paymentByKey('k-2', { amountMinor: 100, method: 'card', reference: 'r' })).toBeUndefined();
    expect(() => paid.paymentByKey('k-1', { amountMinor: 101, method: 'card', reference: 'r' })).toThrow(IdempotencyKeyReusedError);
    expect(() => paid.paymentByKey('k-1', { amountMinor: 100, method: 'cash', reference: 'r' })).toThrow(IdempotencyKeyReusedError);
  });
});
