import { Injectable } from '@nestjs/common';
import { FirmBillingRepository, InvoiceRepository } from '../domain/billing.repositories';
import { KnownClients } from '../known-clients';
import { ClientBalanceResponseDto } from './client-balance.response.dto';

@Injectable()
export class ClientBalanceService {
  constructor(
    private readonly knownClients: KnownClients,
    private readonly firms: FirmBillingRepository,
    private readonly invoices: InvoiceRepository,
  ) {}

  async execute(firmId: string, clientId: string): Promise<ClientBalanceResponseDto> {
    await this.knownClients.require(firmId, clientId);
    const [firm, open] = await Promise.all([this.firms.settings(firmId), this.invoices.openSummary(firmId, clientId)]);
    return { clientId, currency: firm.currency, balanceMinor: open.balanceMinor, openInvoiceCount: open.openInvoiceCount };
  }
}
