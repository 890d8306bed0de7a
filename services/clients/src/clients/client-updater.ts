import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@portico/contracts';
import { Client } from './domain/client';
import { ClientRepository } from './domain/client.repository';
import { changeOptimistically, unlessSame } from '@portico/mongo';

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
  async apply(
    firmId: string,
    clientId: string,
    change: (client: Client) => Client,
    eventsFor: (client: Client) => EventEnvelope[] = () => [],
  ): Promise<Client | undefined> {
    const result = await changeOptimistically({
      read: () => this.clients.findById(firmId, clientId),
      decide: (current) => unlessSame(current, change(current)),
      write: (_, next) => this.clients.update(next, eventsFor(next)),
      attempts: ClientUpdater.MAX_ATTEMPTS,
      exhausted: () => new ConcurrentClientChangeError(clientId),
    });
    if (result.kind === 'missing') return undefined;
    return result.kind === 'written' ? result.stored : result.current;
  }
}
