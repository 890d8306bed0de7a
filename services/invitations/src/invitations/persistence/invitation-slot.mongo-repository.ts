import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model } from 'mongoose';
import { InvitationSlot, InvitationSlotRepository, slotKey } from '../domain/invitation-slot';
import { INVITATION_SLOT_MODEL, InvitationSlotDocument } from './invitation-slot.schema';
import { isDuplicateKey } from './mongo-errors';

@Injectable()
export class InvitationSlotMongoRepository extends InvitationSlotRepository implements OnModuleInit {
  constructor(
    @InjectModel(INVITATION_SLOT_MODEL) private readonly slots: Model<InvitationSlotDocument>,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.register(this.slots);
  }

  async find(firmId: string, email: string): Promise<InvitationSlot | undefined> {
    const doc = await this.slots.findOne({ _id: slotKey(firmId, email) }, { outbox: 0 }).lean<InvitationSlotDocument>().exec();
    if (!doc) return undefined;
    const { firmId: storedFirmId, email: storedEmail, invitationId, clientId, recipientKind, contactId, requestedAt, reservedUntil } = doc;
    return { firmId: storedFirmId, email: storedEmail, invitationId, clientId, recipientKind, contactId, requestedAt, reservedUntil: reservedUntil ?? null };
  }

  async claim(slot: InvitationSlot, expectedHolder: string | undefined, events: EventEnvelope[]): Promise<boolean> {
    const _id = slotKey(slot.firmId, slot.email);
    if (expectedHolder === undefined) {
      // First claim of the pair: inserting the primary key is the atomic "only if absent".
      try {
        await this.slots.create({ _id, ...slot, outbox: events });
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    } else {
      // Compare-and-set on the holder: of two requests that saw the same closed holder, one wins;
      // and none while the holder is reserved for a new link of its own.
      const unreserved = { $or: [{ reservedUntil: null }, { reservedUntil: { $lte: new Date() } }] };
      const result = await this.slots.updateOne({ _id, invitationId: expectedHolder, ...unreserved }, withEvents({ $set: { ...slot, reservedUntil: null } }, events));
      if (result.matchedCount === 0) return false;
    }
    this.relay.nudge();
    return true;
  }

  async reserve(firmId: string, email: string, invitationId: string, until: Date): Promise<boolean> {
    const result = await this.slots.updateOne({ _id: slotKey(firmId, email), invitationId }, { $set: { reservedUntil: until } }).exec();
    return result.matchedCount === 1;
  }

  async release(firmId: string, email: string, invitationId: string): Promise<void> {
    await this.slots.updateOne({ _id: slotKey(firmId, email), invitationId }, { $set: { reservedUntil: null } }).exec();
  }
}
