import type { EventEnvelope } from '@portico/contracts';
import type { Client } from './client';

export interface ClientPage {
  items: Client[];
  /** Pass as `after` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/** Persistence port. Every read takes the firm: no query can cross tenants by omission. */
export abstract class ClientRepository {
  /** Stores the client and the events its creation caused, in one write (outbox). */
  abstract insert(client: Client, events: EventEnvelope[]): Promise<void>;
  abstract findById(firmId: string, id: string): Promise<Client | undefined>;
  abstract list(firmId: string, page: { limit: number; after?: string }): Promise<ClientPage>;
}
