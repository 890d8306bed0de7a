import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MailModule } from '../mail/mail.module';
import { TemplatesModule } from '../templates/templates.module';
import { DeliveryRepository } from './domain/delivery.repository';
import { DeliveryMongoRepository } from './persistence/delivery.mongo-repository';
import { DELIVERY_MODEL, DeliverySchema } from './persistence/delivery.schema';
import { QueueInvitationEmailMessageController } from './queue-invitation-email/queue-invitation-email.message.controller';
import { QueueInvitationEmailService } from './queue-invitation-email/queue-invitation-email.service';
import { DeliveryRetention } from './retention/delivery-retention';
import { DeliveryMetrics } from './send-email/delivery-metrics';
import { EmailDispatcher } from './send-email/email-dispatcher';
import { SendEmailService } from './send-email/send-email.service';

/** Emails requested by events, each sent once per deliveryKey, reported as EmailSent/EmailFailed. */
@Module({
  imports: [MongooseModule.forFeature([{ name: DELIVERY_MODEL, schema: DeliverySchema }]), MailModule, TemplatesModule],
  controllers: [QueueInvitationEmailMessageController],
  providers: [
    QueueInvitationEmailService,
    SendEmailService,
    EmailDispatcher,
    DeliveryMetrics,
    DeliveryRetention,
    { provide: DeliveryRepository, useClass: DeliveryMongoRepository },
  ],
})
export class DeliveriesModule {}
