import type { EventEnvelope } from '@portico/contracts';
import { Client } from '../domain/client';
import { ClientPage, ClientRepository } from '../domain/client.repository';

/**
 * The repository port in memory, for unit tests of the use cases: the same optimistic
 * revision check as the MongoDB one, and the events each write carried.
 */
export class InMemoryClientRepository extends ClientRepository {
  readonly stored = new Map<string, Client>();
  readonly events: EventEnvelope[] = [];
  writes = 0;
  /** Runs before each update is checked, e.g. to make another write win the race. */
  beforeUpdate: (() => void) | undefined;

  async insert(client: Client, events: EventEnvelope[]): Promise<void> {
    this.stored.set(client.id, client);
    this.events.push(...events);
    this.writes++;
  }

  async update(client: Client, events: EventEnvelope[]): Promise<Client | undefined> {
    this.beforeUpdate?.();
    const current = this.stored.get(client.id);
    if (!current || current.props.revision !== client.props.revision) return undefined;
    const next = Client.restore({ ...client.props, revision: client.props.revision + 1 });
    this.stored.set(client.id, next);
    this.events.push(...events);
    this.writes++;
    return next;
  }

  async findById(firmId: string, id: string): Promise<Client | undefined> {
    const client = this.stored.get(id);
    return client?.props.firmId === firmId ? client : undefined;
  }

  list(): Promise<ClientPage> {
    throw new Error('Listing (filters, cursor) is a query of the database: the integration tests cover it');
  }

  async findByPortalUser(firmId: string, userId: string): Promise<Client[]> {
    return [...this.stored.values()]
      .filter(({ props }) => props.firmId === firmId)
      .filter(({ props }) => props.portal.userIds.includes(userId) || props.contacts.some((contact) => contact.portal.userIds.includes(userId)));
  }
}
