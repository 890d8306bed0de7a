import { Controller } from '@nestjs/common';
import { EmailFailed, EmailSent, type EnvelopeOf } from '@portico/contracts';
import { OnEvent } from '@portico/messaging';
import { RecordDeliveryService } from './record-delivery.service';

@Controller()
export class RecordDeliveryMessageController {
  constructor(private readonly recordDelivery: RecordDeliveryService) {}

  @OnEvent(EmailSent)
  async sent(event: EnvelopeOf<typeof EmailSent>): Promise<void> {
    await this.recordDelivery.sent(event);
  }

  @OnEvent(EmailFailed)
  async failed(event: EnvelopeOf<typeof EmailFailed>): Promise<void> {
    await this.recordDelivery.failed(event);
  }
}
