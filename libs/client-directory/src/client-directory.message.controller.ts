import { Controller } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ClientCreated, ClientUpdated, type EnvelopeOf } from '@portico/contracts';
import { OnEvent } from '@portico/messaging';
import { Model } from 'mongoose';
import { CLIENT_DIRECTORY_MODEL, ClientDirectoryEntry } from './client-directory.schema';
import { isDuplicateKey } from '@portico/mongo';

type ClientEvent = EnvelopeOf<typeof ClientCreated> | EnvelopeOf<typeof ClientUpdated>;

/** Keeps the client directory in step with the clients service. */
@Controller()
export class ClientDirectoryMessageController {
  constructor(@InjectModel(CLIENT_DIRECTORY_MODEL) private readonly directory: Model<ClientDirectoryEntry>) {}

  @OnEvent(ClientCreated)
  async created(event: EnvelopeOf<typeof ClientCreated>): Promise<void> {
    await this.apply(event);
  }

  @OnEvent(ClientUpdated)
  async updated(event: EnvelopeOf<typeof ClientUpdated>): Promise<void> {
    await this.apply(event);
  }

  /**
   * Events carry the client's full state, so applying one is an upsert. The filter on
   * `lastEventId` makes a replay of the event just applied a no-op even if the consumer's
   * processed-event record was lost in a crash.
   */
  private async apply(event: ClientEvent): Promise<void> {
    const { clientId, firmId, kind, displayName, emails, contacts } = event.payload;
    await this.directory
      .updateOne(
        { _id: clientId, firmId, lastEventId: { $ne: event.id } },
        { $set: { kind, displayName, emails, contacts, lastEventId: event.id }, $inc: { eventsApplied: 1 } },
        { upsert: true },
      )
      .catch((error: unknown) => {
        // The upsert collides with the existing document when the filter excluded it: the
        // event was already applied.
        if (!isDuplicateKey(error)) throw error;
      });
  }
}
