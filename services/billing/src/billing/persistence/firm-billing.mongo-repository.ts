import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DEFAULT_FIRM_BILLING, FirmBillingSettings } from '../domain/billing-settings';
import { FirmBillingRepository } from '../domain/billing.repositories';
import { FIRM_BILLING_MODEL, FirmBillingDocument } from './billing.schemas';

const toSettings = (doc: FirmBillingDocument | null): FirmBillingSettings => ({
  currency: doc?.currency ?? DEFAULT_FIRM_BILLING.currency,
  billingInPortalDefault: doc?.billingInPortalDefault ?? DEFAULT_FIRM_BILLING.billingInPortalDefault,
  contactsSeeBilling: doc?.contactsSeeBilling ?? DEFAULT_FIRM_BILLING.contactsSeeBilling,
});

@Injectable()
export class FirmBillingMongoRepository extends FirmBillingRepository {
  constructor(@InjectModel(FIRM_BILLING_MODEL) private readonly firms: Model<FirmBillingDocument>) {
    super();
  }

  async settings(firmId: string): Promise<FirmBillingSettings> {
    return toSettings(await this.firms.findOne({ _id: firmId }).lean<FirmBillingDocument>().exec());
  }

  async update(firmId: string, changes: Partial<FirmBillingSettings>, requireNoInvoice: boolean): Promise<FirmBillingSettings | undefined> {
    // The document exists first, so the conditional write below needs no upsert (an upsert
    // whose filter fails would try to insert a second document with the same _id).
    await this.firms.updateOne({ _id: firmId }, { $setOnInsert: { invoiceCount: 0, invoiceSequence: 0 } }, { upsert: true }).exec();
    const doc = await this.firms
      .findOneAndUpdate({ _id: firmId, ...(requireNoInvoice ? { invoiceCount: 0 } : {}) }, { $set: changes }, { returnDocument: 'after' })
      .lean<FirmBillingDocument>()
      .exec();
    return doc ? toSettings(doc) : undefined;
  }

  async countInvoice(firmId: string): Promise<FirmBillingSettings> {
    return toSettings(await this.increment(firmId, 'invoiceCount'));
  }

  async nextInvoiceSequence(firmId: string): Promise<number> {
    return (await this.increment(firmId, 'invoiceSequence')).invoiceSequence;
  }

  private async increment(firmId: string, field: 'invoiceCount' | 'invoiceSequence'): Promise<FirmBillingDocument> {
    const doc = await this.firms
      .findOneAndUpdate({ _id: firmId }, { $inc: { [field]: 1 } }, { upsert: true, returnDocument: 'after' })
      .lean<FirmBillingDocument>()
      .exec();
    if (!doc) throw new Error(`firm_billing ${firmId}: the upsert returned no document`);
    return doc;
  }
}
