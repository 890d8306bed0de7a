import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { EventEnvelope } from '@portico/contracts';
import { OutboxRelay, withEvents } from '@portico/outbox';
import { coalesce, distinct, perGroup } from '@portico/mongo';
import { Model, type QueryFilter } from 'mongoose';
import { Client } from '../domain/client';
import { ClientListQuery, ClientPage, ClientRepository } from '../domain/client.repository';
import type { Contact } from '../domain/contact';
import type { PortalAccess } from '../domain/portal-access';
import { CLIENT_MODEL, ClientDocument, ContactDocument, PortalAccessDocument } from './client.schema';
import { containsPattern, searchTermsOf } from './search-terms';

const portalToDocument = (portal: PortalAccess): PortalAccessDocument => ({ ...portal, userIds: [...portal.userIds] });

const contactToDocument = (contact: Contact): ContactDocument => ({ ...contact, portal: portalToDocument(contact.portal) });

const toDocument = ({ props }: Client): ClientDocument => ({
  _id: props.id,
  firmId: props.firmId,
  kind: props.kind,
  displayName: props.displayName,
  emails: [...props.emails],
  contacts: props.contacts.map(contactToDocument),
  portal: portalToDocument(props.portal),
  revision: props.revision,
  hasEmail: props.emails.length > 0,
  searchTerms: searchTermsOf(props.displayName, props.emails),
  createdAt: props.createdAt,
  updatedAt: props.updatedAt,
});

const portalToDomain = (doc: PortalAccessDocument): PortalAccess => ({
  status: doc.status,
  invitedAt: doc.invitedAt,
  accessGrantedAt: doc.accessGrantedAt,
  lastLoginAt: doc.lastLoginAt,
  userIds: doc.userIds,
});

const toDomain = (doc: ClientDocument): Client =>
  Client.restore({
    id: doc._id,
    firmId: doc.firmId,
    kind: doc.kind,
    displayName: doc.displayName,
    emails: doc.emails,
    contacts: doc.contacts.map((contact) => ({
      contactId: contact.contactId,
      name: contact.name,
      relationship: contact.relationship,
      email: contact.email,
      active: contact.active,
      billable: contact.billable,
      portal: portalToDomain(contact.portal),
    })),
    portal: portalToDomain(doc.portal),
    revision: doc.revision,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });

@Injectable()
export class ClientMongoRepository extends ClientRepository implements OnModuleInit {
  // A bulk job's InvitationIssued events update thousands of clients at once: their reads by id
  // (per firm) go to the database together.
  private readonly loadById = coalesce(
    perGroup(
      (key: { firmId: string; id: string }) => key.firmId,
      async (keys) => {
        const docs = await this.clients
          .find({ _id: { $in: distinct(keys.map((key) => key.id)) }, firmId: keys[0]!.firmId }, { outbox: 0 })
          .lean<ClientDocument[]>()
          .exec();
        const byId = new Map(docs.map((doc) => [doc._id, doc]));
        return keys.map((key) => {
          const doc = byId.get(key.id);
          return doc ? toDomain(doc) : undefined;
        });
      },
    ),
  );

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

  async update(client: Client, events: EventEnvelope[]): Promise<Client | undefined> {
    const { _id, firmId, createdAt: _createdAt, ...state } = toDocument(client);
    const revision = client.props.revision + 1;
    // The whole state and its events in one conditional single-document write (outbox):
    // either both are stored on top of the revision that was read, or neither.
    const result = await this.clients.updateOne({ _id, firmId, revision: client.props.revision }, withEvents({ $set: { ...state, revision } }, events)).exec();
    if (result.matchedCount === 0) return undefined;
    if (events.length > 0) this.relay.nudge();
    return Client.restore({ ...client.props, revision });
  }

  findById(firmId: string, id: string): Promise<Client | undefined> {
    return this.loadById({ firmId, id });
  }

  async list(firmId: string, { limit, after, portalStatus, hasEmail, search }: ClientListQuery): Promise<ClientPage> {
    const filter: QueryFilter<ClientDocument> = { firmId };
    if (after) filter._id = { $gt: after };
    if (portalStatus) filter['portal.status'] = portalStatus;
    if (hasEmail !== undefined) filter.hasEmail = hasEmail;
    if (search) filter.searchTerms = { $regex: containsPattern(search) };
    // One extra document tells whether another page exists.
    const docs = await this.clients
      .find(filter)
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<ClientDocument[]>()
      .exec();
    const items = docs.slice(0, limit).map(toDomain);
    return docs.length > limit ? { items, nextCursor: items[items.length - 1].id } : { items };
  }

  async findByPortalUser(firmId: string, userId: string): Promise<Client[]> {
    const docs = await this.clients
      .find({ firmId, $or: [{ 'portal.userIds': userId }, { 'contacts.portal.userIds': userId }] })
      .lean<ClientDocument[]>()
      .exec();
    return docs.map(toDomain);
  }
}
