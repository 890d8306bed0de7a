import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay } from '@portico/outbox';
import { Model } from 'mongoose';
import { Client } from '../domain/client';
import { ClientPage, ClientRepository } from '../domain/client.repository';
import { CLIENT_MODEL, ClientDocument } from './client.schema';

const toDocument = ({ props }: Client): ClientDocument => ({
  _id: props.id,
  firmId: props.firmId,
  kind: props.kind,
  displayName: props.displayName,
  emails: [...props.emails],
  createdAt: props.createdAt,
  updatedAt: props.updatedAt,
});

const toDomain = (doc: ClientDocument): Client =>
  Client.restore({
    id: doc._id,
    firmId: doc.firmId,
    kind: doc.kind,
    displayName: doc.displayName,
    emails: doc.emails,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });

@Injectable()
export class ClientMongoRepository extends ClientRepository implements OnModuleInit {
  constructor(
    @InjectModel(CLIENT_MODEL) private readonly clients: Model<ClientDocument>,
    private readonly relay: OutboxRelay,
  ) {
    super();
  }

  onModuleInit(): void {
    this.relay.register(this.clients);
  }

  async insert(client: Client, events: EventEnvelope[]): Promise<void> {
    await this.clients.create({ ...toDocument(client), outbox: events });
    this.relay.nudge();
  }

  async findById(firmId: string, id: string): Promise<Client | undefined> {
    const doc = await this.clients.findOne({ _id: id, firmId }).lean<ClientDocument>().exec();
    return doc ? toDomain(doc) : undefined;
  }

  async list(firmId: string, { limit, after }: { limit: number; after?: string }): Promise<ClientPage> {
    const filter = after ? { firmId, _id: { $gt: after } } : { firmId };
    // One extra document tells whether another page exists.
    const docs = await this.clients.find(filter).sort({ _id: 1 }).limit(limit + 1).lean<ClientDocument[]>().exec();
    const items = docs.slice(0, limit).map(toDomain);
    return docs.length > limit ? { items, nextCursor: items[items.length - 1].id } : { items };
  }
}
