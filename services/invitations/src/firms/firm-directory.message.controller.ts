import { Controller } from '@nestjs/common';
import { FirmRegistered, type EnvelopeOf } from '@portico/contracts';
import { OnEvent } from '@portico/messaging';
import { FirmDirectory } from './firm-directory';

/** Learns firm names from identity: invitation emails say which firm invites. */
@Controller()
export class FirmDirectoryMessageController {
  constructor(private readonly firms: FirmDirectory) {}

  @OnEvent(FirmRegistered)
  async registered(event: EnvelopeOf<typeof FirmRegistered>): Promise<void> {
    await this.firms.registerName(event.payload.firmId, event.payload.name);
  }
}
