import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { Model } from 'mongoose';
import { InvitationSlot, InvitationSlotRepository, slotKey } from '../domain/invitation-slot';
import { INVITATION_SLOT_MODEL, InvitationSlotDocument } from './invitation-slot.schema';
import { coalesce, distinct, insertEach, perGroup } from '@portico/mongo';

@Injectable()
export class InvitationSlotMongoRepository extends InvitationSlotRepository implements OnModuleInit {
  // Concurrent handlers' slot reads (per firm) and first claims (inserts) go to the database together.
  private readonly load = coalesce(
    perGroup(
      (key: { firmId: string; email: string }) => key.firmId,
      async (keys) => {
        const ids = keys.map((key) => slotKey(key.firmId, key.email));
        const docs = await this.slots
          .find({ _id: { $in: distinct(ids) }, firmId: keys[0]!.firmId }, { outbox: 0 })
          .lean<InvitationSlotDocument[]>()
          .exec();
        const byId = new Map(docs.map((doc) => [doc._id, doc]));
        return ids.map((id) => {
          const doc = byId.get(id);
          if (!doc) return undefined;
          const { firmId, email, invitationId, clientId, recipientKind, contactId, requestedAt, reservedUntil } = doc;
          return { firmId, email, invitationId, clientId, recipientKind, contactId, requestedAt, reservedUntil: reservedUntil ?? null };
        });
      },
    ),
  );

  private readonly insert = coalesce(async (docs: readonly InvitationSlotDocument[]) => insertEach(this.slots, [...docs]));

  constructor(
    @InjectModel(INVITATION_SLOT_MODEL) private readonly slots: Model<InvitationSlotDocument>,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.register(this.slots);
  }

  find(firmId: string, email: string): Promise<InvitationSlot | undefined> {
    return this.load({ firmId, email });
  }

  async claim(slot: InvitationSlot, expectedHolder: string | undefined, events: EventEnvelope[]): Promise<boolean> {
    const _id = slotKey(slot.firmId, slot.email);
    if (expectedHolder === undefined) {
      // First claim of the pair: inserting the primary key is the atomic "only if absent".
      if (!(await this.insert({ _id, ...slot, outbox: events }))) return false;
    } else {
      // Compare-and-set on the holder: of two requests that saw the same closed holder, one wins;
      // and none while the holder is reserved for a new link of its own.
      const unreserved = { $or: [{ reservedUntil: null }, { reservedUntil: { $lte: new Date() } }] };
      const result = await this.slots.updateOne(
        { _id, invitationId: expectedHolder, ...unreserved },
        withEvents({ $set: { ...slot, reservedUntil: null } }, events),
      );
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
