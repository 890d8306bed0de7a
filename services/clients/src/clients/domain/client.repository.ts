import type { EventEnvelope } from '@portico/contracts';
import type { Client } from './client';
import type { PortalStatus } from './portal-access';

export interface ClientPage {
  items: Client[];
  /** Pass as `after` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/** One page of a firm's clients in creation order; the filters combine (AND). */
export interface ClientListQuery {
  limit: number;
  after?: string;
  /** The client's own status (its contacts' do not count). */
  portalStatus?: PortalStatus;
  /** Whether the client has at least one email on file. */
  hasEmail?: boolean;
  /** Case-insensitive substring of the display name or one of the emails; taken literally. */
  search?: string;
}

/** Persistence port. Every read a request makes takes the firm: no query can cross tenants by omission. */
export abstract class ClientRepository {
  /** Stores the client and the events its creation caused, in one write (outbox). */
  abstract insert(client: Client, events: EventEnvelope[]): Promise<void>;

  /**
   * Stores the client's new state and the events it caused in one write, provided the stored
   * revision is still `client.props.revision`. Returns the stored client (next revision), or
   * undefined when another write came first: the caller starts over from the fresh state.
   */
  abstract update(client: Client, events: EventEnvelope[]): Promise<Client | undefined>;

  abstract findById(firmId: string, id: string): Promise<Client | undefined>;
  abstract list(firmId: string, query: ClientListQuery): Promise<ClientPage>;

  /** The firm's clients (and contacts) that this login belongs to. */
  abstract findByPortalUser(firmId: string, userId: string): Promise<Client[]>;
}
