import { InvoiceIssued } from '@portico/contracts';
import { Invoice } from '../domain/invoice';
import { InvoiceStatusError } from '../domain/invoice.errors';
import { InMemoryFirmBillingRepository, InMemoryInvoiceRepository } from '../testing/in-memory-billing';
import { IssueInvoiceService } from './issue-invoice.service';

const origin = { firmId: 'f-1', correlationId: 'corr-1' };

describe('IssueInvoiceService', () => {
  let invoices: InMemoryInvoiceRepository;
  let firms: InMemoryFirmBillingRepository;
  let service: IssueInvoiceService;

  const draft = async (firmId = 'f-1') => {
    const invoice = Invoice.draft({
      firmId,
      clientId: 'c-1',
      currency: 'USD',
      dueDate: '2026-05-01',
      memo: null,
      createdBy: 's',
      lineItems: [{ description: 'Advice', quantity: 2, unitPriceMinor: 150, taxRateBasisPoints: 1000 }],
    });
    await invoices.insert(invoice);
    return invoice.id;
  };

  beforeEach(() => {
    invoices = new InMemoryInvoiceRepository();
    firms = new InMemoryFirmBillingRepository();
    service = new IssueInvoiceService(firms, invoices);
  });

  it('numbers issued invoices per firm, in order, and publishes InvoiceIssued', async () => {
    const first = await service.execute('f-1', await draft(), origin);
    const second = await service.execute('f-1', await draft(), origin);
    const otherFirm = await service.execute('f-2', await draft('f-2'), { ...origin, firmId: 'f-2' });
    expect([first.props.number, second.props.number, otherFirm.props.number]).toEqual(['INV-000001', 'INV-000002', 'INV-000001']);
    expect(invoices.published[0]).toMatchObject({
      type: InvoiceIssued.type,
      key: first.id,
      payload: { invoiceId: first.id, clientId: 'c-1', number: 'INV-000001', currency: 'USD', totalMinor: 330, dueDate: '2026-05-01' },
    });
  });

  it('takes no number for an invoice that is not a draft', async () => {
    const id = await draft();
    await service.execute('f-1', id, origin);
    await expect(service.execute('f-1', id, origin)).rejects.toThrow(InvoiceStatusError);
    expect((await service.execute('f-1', await draft(), origin)).props.number).toBe('INV-000002');
  });
});
