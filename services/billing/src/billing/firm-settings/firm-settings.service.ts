import { Injectable } from '@nestjs/common';
import { CurrencyLockedError } from '../billing.errors';
import { FirmBillingSettings } from '../domain/billing-settings';
import { FirmBillingRepository } from '../domain/billing.repositories';

@Injectable()
export class FirmSettingsService {
  constructor(private readonly firms: FirmBillingRepository) {}

  get(firmId: string): Promise<FirmBillingSettings> {
    return this.firms.settings(firmId);
  }

  async update(firmId: string, changes: Partial<FirmBillingSettings>): Promise<FirmBillingSettings> {
    const current = await this.firms.settings(firmId);
    const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<FirmBillingSettings>;
    if (Object.keys(set).length === 0) return current;
    // Setting the currency it already has is not a change and is allowed at any time.
    const changesCurrency = set.currency !== undefined && set.currency !== current.currency;
    const updated = await this.firms.update(firmId, set, changesCurrency);
    if (!updated) throw new CurrencyLockedError();
    return updated;
  }
}
