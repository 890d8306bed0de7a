import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model } from 'mongoose';
import { ClientBillingRepository } from '../domain/billing.repositories';
import { CLIENT_BILLING_MODEL, ClientBillingDocument } from './billing.schemas';
import { isDuplicateKey } from '@portico/mongo';

@Injectable()
export class ClientBillingMongoRepository extends ClientBillingRepository implements OnModuleInit {
  constructor(
    @InjectModel(CLIENT_BILLING_MODEL) private readonly clients: Model<ClientBillingDocument>,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.register(this.clients);
  }

  async find(firmId: string, clientId: string): Promise<boolean | undefined> {
    const doc = await this.clients.findOne({ _id: clientId, firmId }, { billingInPortal: 1 }).lean<Pick<ClientBillingDocument, 'billingInPortal'>>().exec();
    return doc?.billingInPortal;
  }

  async set(firmId: string, clientId: string, billingInPortal: boolean, changedBy: string, events: EventEnvelope[]): Promise<boolean> {
    try {
      // Matches a missing document (inserted) or one with the other value (changed); a document
      // that already has this value is excluded, so the upsert collides with it: unchanged.
      await this.clients
        .updateOne({ _id: clientId, firmId, billingInPortal: { $ne: billingInPortal } }, withEvents({ $set: { billingInPortal, changedBy } }, events), {
          upsert: true,
        })
        .exec();
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    this.relay.nudge();
    return true;
  }
}
