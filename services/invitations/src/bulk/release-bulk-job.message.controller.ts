import { Controller } from '@nestjs/common';
import { BulkInviteRequested, type EnvelopeOf } from '@portico/contracts';
import { OnEvent } from '@portico/messaging';
import { BulkFanOutService } from './bulk-fan-out.service';

@Controller()
export class ReleaseBulkJobMessageController {
  constructor(private readonly fanOut: BulkFanOutService) {}

  @OnEvent(BulkInviteRequested)
  async requested(event: EnvelopeOf<typeof BulkInviteRequested>): Promise<void> {
    await this.fanOut.release(event);
  }
}
