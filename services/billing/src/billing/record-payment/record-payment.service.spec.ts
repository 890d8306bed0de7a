import { PaymentRecorded } from '@portico/contracts';
import { Invoice, NewPayment } from '../domain/invoice';
import { IdempotencyKeyReusedError, PaymentExceedsBalanceError } from '../domain/invoice.errors';
import { InMemoryInvoiceRepository } from '../testing/in-memory-billing';
import { RecordPaymentService } from './record-payment.service';

const origin = { firmId: 'f-1', correlationId: 'corr-1' };
const paidAt = new Date('2026-03-02T09:00:00Z');
const payment = (amountMinor: number, idempotencyKey: string | null = null): NewPayment => ({
  amountMinor,
  method: 'ach',
  paidAt,
  reference: null,
  recordedBy: 'staff-1',
  idempotencyKey,
});

describe('RecordPaymentService', () => {
  let repository: InMemoryInvoiceRepository;
  let service: RecordPaymentService;
  let invoiceId: string;

  beforeEach(async () => {
    repository = new InMemoryInvoiceRepository();
    service = new RecordPaymentService(repository);
    const draft = Invoice.draft({
      firmId: 'f-1',
      clientId: 'c-1',
      currency: 'EUR',
      dueDate: '2026-04-01',
      memo: null,
      createdBy: 'staff-1',
      lineItems: [{ description: 'Audit', quantity: 1, unitPriceMinor: 10_000, taxRateBasisPoints: 0 }],
    });
    const open = draft.apply(draft.issue('INV-000001'));
    await repository.insert(open);
    invoiceId = open.id;
  });

  /** Another request's payment, stored between this request's read and its write. */
  const concurrentPayment = (amountMinor: number) => () => {
    const current = repository.invoices.get(invoiceId)!;
    repository.invoices.set(invoiceId, current.apply(current.recordPayment(payment(amountMinor))));
  };

  it('stores the payment with PaymentRecorded carrying the balance left', async () => {
    const { payment: recorded, invoice } = await service.execute('f-1', invoiceId, payment(2_500), origin);
    expect(invoice.props).toMatchObject({ paidMinor: 2_500, balanceMinor: 7_500, status: 'open' });
    expect(repository.published).toEqual([
      expect.objectContaining({
        type: PaymentRecorded.type,
        firmId: 'f-1',
        correlationId: 'corr-1',
        key: invoiceId,
        payload: {
          paymentId: recorded.paymentId,
          invoiceId,
          clientId: 'c-1',
          currency: 'EUR',
          amountMinor: 2_500,
          method: 'ach',
          invoiceBalanceMinor: 7_500,
          paidAt: paidAt.toISOString(),
        },
      }),
    ]);
  });

  it('decides again on the fresh balance when another payment came first', async () => {
    repository.beforeWrite = concurrentPayment(6_000);
    const { invoice } = await service.execute('f-1', invoiceId, payment(4_000), origin);
    expect(invoice.props).toMatchObject({ paidMinor: 10_000, balanceMinor: 0, status: 'paid' });
    expect(repository.published[0]!.payload).toMatchObject({ amountMinor: 4_000, invoiceBalanceMinor: 0 });
  });

  it('refuses, writing nothing, when the payment no longer fits after another one came first', async () => {
    repository.beforeWrite = concurrentPayment(7_000);
    await expect(service.execute('f-1', invoiceId, payment(4_000), origin)).rejects.toThrow(PaymentExceedsBalanceError);
    expect(repository.invoices.get(invoiceId)!.props).toMatchObject({ paidMinor: 7_000, balanceMinor: 3_000 });
    expect(repository.published).toEqual([]);
  });

  it('answers a repeated Idempotency-Key with the first payment and writes nothing more', async () => {
    const first = await service.execute('f-1', invoiceId, payment(1_000, 'key-1'), origin);
    const again = await service.execute('f-1', invoiceId, payment(1_000, 'key-1'), origin);
    expect(again.payment).toEqual(first.payment);
    expect(again.invoice.props).toMatchObject({ paidMinor: 1_000, payments: [first.payment] });
    expect(repository.published).toHaveLength(1);
    await expect(service.execute('f-1', invoiceId, payment(1_001, 'key-1'), origin)).rejects.toThrow(IdempotencyKeyReusedError);
  });

  it('finds the payment a concurrent request recorded with the same key', async () => {
    repository.beforeWrite = () => {
      const current = repository.invoices.get(invoiceId)!;
      repository.invoices.set(invoiceId, current.apply(current.recordPayment(payment(1_000, 'key-2'))));
    };
    const { payment: recorded, invoice } = await service.execute('f-1', invoiceId, payment(1_000, 'key-2'), origin);
    expect(invoice.props.payments).toEqual([recorded]);
    expect(repository.published).toEqual([]);
  });

  it("does not find another firm's invoice", async () => {
    await expect(service.execute('f-2', invoiceId, payment(1), origin)).rejects.toThrow('Invoice not found');
  });
});
