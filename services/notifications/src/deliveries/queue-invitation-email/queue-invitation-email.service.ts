import { Injectable, Logger } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import { activeTraceparent } from '@portico/messaging';
import type { EnvelopeOf, InvitationEmailRequested } from '@portico/contracts';
import { senderDomain, type NotificationsConfig } from '../../notifications.env';
import { DEFAULT_INVITATION_TEMPLATE } from '../../templates/domain/default-invitation-template';
import type { EmailTemplate } from '../../templates/domain/email-template';
import { FirmTemplateRepository } from '../../templates/domain/firm-template.repository';
import { InvalidTemplateError } from '../../templates/domain/invalid-template.error';
import { deliveryMessageId } from '../domain/delivery';
import { DeliveryRepository } from '../domain/delivery.repository';
import { EmailDispatcher } from '../send-email/email-dispatcher';

type Request = EnvelopeOf<typeof InvitationEmailRequested>;

/**
 * Turns an InvitationEmailRequested into a queued delivery: the email rendered once, stored
 * under its deliveryKey (the unique key is what makes one delivery per key: a request seen again
 * is rendered, and its insert refused). The dispatcher sends it; this never talks to SMTP, so the
 * consumer is as fast as a database write whatever the mail server does. The inserts of the
 * requests being consumed at the same time share one insertMany (see DeliveryMongoRepository).
 */
@Injectable()
export class QueueInvitationEmailService {
  private readonly logger = new Logger(QueueInvitationEmailService.name);
  private readonly messageIdDomain: string;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly templates: FirmTemplateRepository,
    private readonly dispatcher: EmailDispatcher,
    @InjectConfig() config: NotificationsConfig,
  ) {
    // MAIL_FROM is checked at boot to hold an address.
    this.messageIdDomain = senderDomain(config.MAIL_FROM)!;
  }

  async execute(request: Request): Promise<void> {
    const traceparent = activeTraceparent();
    const { deliveryKey, invitationId, to, firmName, recipientName, message, templateId, acceptUrl, expiresAt } = request.payload;
    const { template, renderedWith } = await this.chooseTemplate(request);
    const content = template.render({
      firmName,
      recipientName,
      recipientEmail: to,
      message,
      acceptUrl,
      expiresAt: new Date(expiresAt),
      reminder: request.payload.reminder ?? null,
    });
    const queued = await this.deliveries.insertIfAbsent(
      {
        deliveryKey,
        firmId: request.firmId,
        about: { kind: 'invitation', id: invitationId },
        to,
        content,
        messageId: deliveryMessageId(deliveryKey, this.messageIdDomain),
        templateId,
        renderedWith,
        cause: { eventId: request.id, correlationId: request.correlationId, ...(traceparent ? { traceparent } : {}) },
      },
      new Date(),
    );
    if (queued) this.dispatcher.nudge();
    else this.logger.log(`Delivery ${deliveryKey} exists already: request ${request.id} ignored`);
  }

  /**
   * The firm's template when it names one of its own, else the default. A template that is
   * gone (deleted, or never this firm's) does not stop the invitation: the client gets the
   * default email, and the delivery records which one was used.
   */
  private async chooseTemplate(request: Request): Promise<{ template: EmailTemplate; renderedWith: 'default' | 'firm' }> {
    const { templateId, deliveryKey } = request.payload;
    if (templateId === null) return { template: DEFAULT_INVITATION_TEMPLATE, renderedWith: 'default' };
    const firmTemplate = await this.templates.findById(request.firmId, templateId);
    if (!firmTemplate) {
      this.logger.warn(`Delivery ${deliveryKey}: template ${templateId} not found in firm ${request.firmId}; sending the default email`);
      return { template: DEFAULT_INVITATION_TEMPLATE, renderedWith: 'default' };
    }
    try {
      return { template: firmTemplate.compile(), renderedWith: 'firm' };
    } catch (error) {
      // Saved templates compiled when saved; one that no longer does (stricter checks since) must not block the email.
      if (!(error instanceof InvalidTemplateError)) throw error;
      this.logger.warn(`Delivery ${deliveryKey}: template ${templateId} no longer compiles (${error.message}); sending the default email`);
      return { template: DEFAULT_INVITATION_TEMPLATE, renderedWith: 'default' };
    }
  }
}
