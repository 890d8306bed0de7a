import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@portico/contracts';
import { Client } from './domain/client';
import { ClientRepository } from './domain/client.repository';

/** Writes kept losing to concurrent ones (a very busy client record); the caller may try again. */
export class ConcurrentClientChangeError extends Error {
  constructor(readonly clientId: string) {
    super(`Client ${clientId} kept changing while being updated; try again`);
    this.name = 'ConcurrentClientChangeError';
  }
}

/**
 * Read-change-write of one client with optimistic concurrency. Staff edits and the portal
 * status consumer change the same document; each write is conditioned on the revision it
 * read, so no change overwrites another and the snapshot events are appended in the order of
 * the states they describe.
 */
@Injectable()
export class ClientUpdater {
  static readonly MAX_ATTEMPTS = 5;

  constructor(private readonly clients: ClientRepository) {}

  /**
   * Applies `change` to the firm's client and stores the result with `eventsFor(result)`.
   * `change` may run more than once (after a lost race, on the fresh state); when it returns
   * the client unchanged (the same instance) nothing is written and no event is emitted.
   * Undefined when the firm has no such client.
   */
  async apply(firmId: string, clientId: string, change: (client: Client) => Client, eventsFor: (client: Client) => EventEnvelope[] = () => []): Promise<Client | undefined> {
    for (let attempt = 1; attempt <= ClientUpdater.MAX_ATTEMPTS; attempt++) {
      const current = await this.clients.findById(firmId, clientId);
      if (!current) return undefined;
      const next = change(current);
      if (next === current) return current;
      const stored = await this.clients.update(next, eventsFor(next));
      if (stored) return stored;
    }
    throw new ConcurrentClientChangeError(clientId);
  }
}
