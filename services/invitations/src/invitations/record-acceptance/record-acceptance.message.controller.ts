import { Controller } from '@nestjs/common';
import { PortalAccessGranted, type EnvelopeOf } from '@portico/contracts';
import { OnEvent } from '@portico/messaging';
import { RecordAcceptanceService } from './record-acceptance.service';

@Controller()
export class RecordAcceptanceMessageController {
  constructor(private readonly recordAcceptance: RecordAcceptanceService) {}

  @OnEvent(PortalAccessGranted)
  async granted(event: EnvelopeOf<typeof PortalAccessGranted>): Promise<void> {
    await this.recordAcceptance.execute(event);
  }
}
