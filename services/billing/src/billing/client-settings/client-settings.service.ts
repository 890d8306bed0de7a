import { Injectable } from '@nestjs/common';
import { ClientBillingChanged, createEvent, type EventOrigin } from '@portico/contracts';
import { ClientBillingSetting, clientBillingSetting } from '../domain/billing-settings';
import { ClientBillingRepository, FirmBillingRepository } from '../domain/billing.repositories';
import { KnownClients } from '../known-clients';

@Injectable()
export class ClientSettingsService {
  constructor(
    private readonly knownClients: KnownClients,
    private readonly firms: FirmBillingRepository,
    private readonly clients: ClientBillingRepository,
  ) {}

  async get(firmId: string, clientId: string): Promise<ClientBillingSetting> {
    await this.knownClients.require(firmId, clientId);
    const [firm, own] = await Promise.all([this.firms.settings(firmId), this.clients.find(firmId, clientId)]);
    return clientBillingSetting(clientId, firm, own);
  }

  /** Sets billing in portal for the client; ClientBillingChanged is recorded with it when the value changes. */
  async set(firmId: string, clientId: string, billingInPortal: boolean, changedBy: string, origin: EventOrigin): Promise<ClientBillingSetting> {
    await this.knownClients.require(firmId, clientId);
    const event = createEvent(ClientBillingChanged, { clientId, billingInPortal, changedBy }, origin);
    await this.clients.set(firmId, clientId, billingInPortal, changedBy, [event]);
    return clientBillingSetting(clientId, await this.firms.settings(firmId), billingInPortal);
  }
}
